package org.openintercom.simulator.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic but realistic firmware images for the benchmarks: a root file system laid out as a sequence of
 * "files" of mixed kinds (already-compressed data such as libraries' packed sections and media, text such as
 * scripts and configuration, zero-filled padding), and the "minor release" of such an image: a few files
 * changed, one added in the middle (everything after it shifts), one removed.
 */
final class FirmwareImages {

    /**
     * One file of the image: its kind, size and the seed of its content; {@code edits} (0: none) seeds the changes
     * a new release made inside it (a few regions rewritten, as a rebuilt binary or an edited script has).
     */
    record FileEntry(Kind kind, int size, long seed, long edits) {
    }

    enum Kind { BINARY, TEXT, ZEROS }

    private FirmwareImages() {
    }

    /** The files of an image of about {@code bytes} bytes, reproducible from {@code seed}. */
    static List<FileEntry> layout(long bytes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<FileEntry> files = new ArrayList<>();
        long total = 0;
        while (total < bytes) {
            int roll = random.nextInt(100);
            Kind kind = roll < 55 ? Kind.BINARY : roll < 90 ? Kind.TEXT : Kind.ZEROS;
            int size = (int) Math.min(bytes - total, 4096 + random.nextInt(kind == Kind.BINARY ? 4 << 20 : 256 << 10));
            files.add(new FileEntry(kind, size, random.nextLong(), 0));
            total += size;
        }
        return files;
    }

    /**
     * A minor release of {@code base}: {@code changed} files are changed inside (a few regions of each rewritten),
     * one new 1 MiB file is inserted in the middle (everything after it shifts) and the last text file is removed.
     */
    static List<FileEntry> minorRelease(List<FileEntry> base, int changed, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<FileEntry> files = new ArrayList<>(base);
        for (int i = 0; i < changed; i++) {
            int at = random.nextInt(files.size());
            FileEntry old = files.get(at);
            files.set(at, new FileEntry(old.kind(), old.size(), old.seed(), random.nextLong() | 1));
        }
        files.add(files.size() / 2, new FileEntry(Kind.BINARY, 1 << 20, random.nextLong(), 0));
        for (int i = files.size() - 1; i >= 0; i--) {
            if (files.get(i).kind() == Kind.TEXT) {
                files.remove(i);
                break;
            }
        }
        return files;
    }

    /** Writes the image of {@code files} to {@code out}; returns its size. */
    static long write(List<FileEntry> files, Path out) {
        long size = 0;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            for (FileEntry f : files) {
                o.write(content(f));
                size += f.size();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image " + out + ": " + e.getMessage(), e);
        }
        return size;
    }

    private static final String[] WORDS = ("interface address gateway sip register expires codec opus g722 pcma "
            + "relay pulse door contact tamper button target ring group station model firmware slot boot commit "
            + "export PATH=/usr/bin:/bin if then else fi for do done echo case esac").split(" ");

    private static byte[] content(FileEntry f) {
        byte[] b = new byte[f.size()];
        SplittableRandom random = new SplittableRandom(f.seed());
        switch (f.kind()) {
            case BINARY -> {
                for (int i = 0; i < b.length; i += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8 && i + j < b.length; j++) {
                        b[i + j] = (byte) (v >>> (8 * j));
                    }
                }
            }
            case TEXT -> {
                StringBuilder text = new StringBuilder(b.length + 64);
                while (text.length() < b.length) {
                    text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(8) == 0 ? '\n' : ' ');
                }
                byte[] t = text.toString().getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(t, 0, b, 0, b.length);
            }
            case ZEROS -> {
                // already zero
            }
        }
        if (f.edits() != 0) {
            // 1 to 4 rewritten regions of up to 16 KiB each
            SplittableRandom edit = new SplittableRandom(f.edits());
            int regions = 1 + edit.nextInt(4);
            for (int r = 0; r < regions; r++) {
                int length = Math.min(b.length, 256 + edit.nextInt(16 << 10));
                int at = edit.nextInt(b.length - length + 1);
                for (int i = 0; i < length; i++) {
                    b[at + i] = (byte) edit.nextInt(256);
                }
            }
        }
        return b;
    }
}
