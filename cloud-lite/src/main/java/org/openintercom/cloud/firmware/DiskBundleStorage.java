package org.openintercom.cloud.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import org.openintercom.provisioning.pki.internal.SecureFiles;

/**
 * Bundles as files in a folder (default {@code <data>/firmware}), owner-only; a file appears under its key
 * only once complete (copied next to it, then moved atomically).
 */
public final class DiskBundleStorage implements BundleStorage {

    private final Path root;

    public DiskBundleStorage(Path root) {
        this.root = root.toAbsolutePath();
        SecureFiles.createPrivateDirectory(this.root);
    }

    @Override
    public void put(String key, Path source) {
        Path target = file(key);
        try {
            SecureFiles.createPrivateDirectory(target.getParent());
            Path temp = target.resolveSibling("." + target.getFileName() + ".part");
            try {
                Files.move(source, temp, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            ownerOnly(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + key + " in " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        Path file = file(key);
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            ch.position(offset);
            return new Bounded(Channels.newInputStream(ch), length);
        } catch (NoSuchFileException e) {
            throw new NoSuchElementException("no object " + key + " in " + root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + " in " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong size(String key) {
        try {
            return OptionalLong.of(Files.size(file(key)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + " in " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String key) {
        try {
            return Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + key + " in " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "disk " + root;
    }

    private Path file(String key) {
        if (!key.matches("[a-z]+/[0-9a-zA-Z._-]+") || key.contains("..")) {
            throw new IllegalArgumentException("storage key '" + key + "' is not of the form folder/name");
        }
        return root.resolve(key);
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's permissions apply
        }
    }

    /** A stream that ends after {@code remaining} bytes. */
    static final class Bounded extends InputStream {
        private final InputStream in;
        private long remaining;

        Bounded(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
