package org.openintercom.agent.update;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.pki.internal.SecureFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A/B slots of an emulated station in a folder: {@code A/} and {@code B/} each hold {@code image.bin} and, once
 * complete, {@code slot.json}; {@code boot.json} is the boot loader's state (default slot, pending trial, whether
 * the trial has been started). Every state change is written to a temporary file, synced and renamed, so a power
 * cut at any point leaves the old or the new state and never a half one.
 */
public final class FileSlotDriver implements SlotDriver {

    private static final Logger LOG = LoggerFactory.getLogger(FileSlotDriver.class);
    static final String BOOT = "boot.json";
    static final String IMAGE = "image.bin";
    static final String META = "slot.json";

    /** The boot loader's state as kept in {@code boot.json}. */
    record BootState(Slot primary, Slot trial, boolean trialStarted) {
        static BootState initial() {
            return new BootState(Slot.A, null, false);
        }
    }

    private final Path dir;
    private Slot running;

    public FileSlotDriver(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir.resolve(Slot.A.name()));
            Files.createDirectories(dir.resolve(Slot.B.name()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the slot folders in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives a new slot folder its factory image: written into a slot, tried and committed, so the folder starts
     * the image by default (what the factory does before a station ships; emulated stations and tests use it).
     * Does nothing when the default slot already holds a complete image.
     *
     * @return the slot that now holds the factory image
     */
    public static Slot seed(Path dir, byte[] image, SlotImage meta) {
        FileSlotDriver d = new FileSlotDriver(dir);
        d.boot();
        if (d.image(d.running()).isPresent()) {
            return d.running();
        }
        Slot target = d.running().other();
        try (InstallWriter w = d.install()) {
            w.out().write(image);
            w.complete(meta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the factory image into " + dir + ": " + e.getMessage(), e);
        }
        d.tryOnce(target);
        FileSlotDriver started = new FileSlotDriver(dir);
        started.boot();
        started.commit();
        return target;
    }

    @Override
    public synchronized Slot running() {
        if (running == null) {
            throw new IllegalStateException("boot() has not run yet");
        }
        return running;
    }

    @Override
    public Optional<SlotImage> image(Slot slot) {
        Path meta = dir.resolve(slot.name()).resolve(META);
        if (!Files.exists(meta) || !Files.exists(dir.resolve(slot.name()).resolve(IMAGE))) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChannelJson.decode(Files.readAllBytes(meta), SlotImage.class));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("slot {} has an unreadable {}: {}", slot, META, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<Path> imageFile(Slot slot) {
        return image(slot).map(i -> dir.resolve(slot.name()).resolve(IMAGE));
    }

    @Override
    public synchronized BootOutcome boot() {
        BootState s = state();
        if (s.trial() != null && !s.trialStarted()) {
            save(new BootState(s.primary(), s.trial(), true));
            running = s.trial();
            LOG.info("booting slot {} as a trial (default stays {})", s.trial(), s.primary());
            return new BootOutcome(running, true, Optional.empty());
        }
        if (s.trial() != null) {
            save(new BootState(s.primary(), null, false));
            running = s.primary();
            LOG.warn("the trial of slot {} was never committed: rolled back to slot {}", s.trial(), s.primary());
            return new BootOutcome(running, false, Optional.of(s.trial()));
        }
        running = s.primary();
        return BootOutcome.normal(running);
    }

    @Override
    public synchronized void tryOnce(Slot slot) {
        if (slot == running()) {
            throw new IllegalStateException("slot " + slot + " is running; a trial needs the other slot");
        }
        if (image(slot).isEmpty()) {
            throw new IllegalStateException("slot " + slot + " holds no complete image");
        }
        save(new BootState(state().primary(), slot, false));
    }

    @Override
    public synchronized void commit() {
        BootState s = state();
        if (running() == s.primary() && s.trial() == null) {
            return;
        }
        save(new BootState(running(), null, false));
        LOG.info("slot {} committed", running());
    }

    @Override
    public synchronized InstallWriter install() {
        Slot target = running().other();
        Path slotDir = dir.resolve(target.name());
        try {
            BootState s = state();
            if (s.trial() == target) {
                save(new BootState(s.primary(), null, false));
            }
            Files.deleteIfExists(slotDir.resolve(META));
            SecureFiles.syncDirectory(slotDir);
            Path partial = slotDir.resolve(IMAGE + ".partial");
            OutputStream file = Files.newOutputStream(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            return new FileInstall(slotDir, partial, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open slot " + target + " for writing: " + e.getMessage(), e);
        }
    }

    private final class FileInstall implements InstallWriter {
        private final Path slotDir;
        private final Path partial;
        private final MessageDigest digest;
        private final DigestOutputStream out;
        private boolean done;

        FileInstall(Path slotDir, Path partial, OutputStream file) {
            this.slotDir = slotDir;
            this.partial = partial;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            this.out = new DigestOutputStream(file, digest);
        }

        @Override
        public OutputStream out() {
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() {
                    // the writer closes the file in complete() or close()
                }
            };
        }

        @Override
        public void complete(SlotImage image) {
            try {
                out.close();
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equalsIgnoreCase(image.sha256())) {
                    Files.deleteIfExists(partial);
                    throw new IllegalStateException("the written image has SHA-256 " + actual + ", expected "
                            + image.sha256() + "; slot left invalid");
                }
                try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                Files.move(partial, slotDir.resolve(IMAGE), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                SecureFiles.write(slotDir.resolve(META), ChannelJson.encode(image), false);
                done = true;
                LOG.info("slot {} holds {} now", slotDir.getFileName(), image.version());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot finish writing " + slotDir + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            try {
                out.close();
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                LOG.warn("cannot clean up {}: {}", partial, e.getMessage());
            }
        }
    }

    BootState state() {
        Path file = dir.resolve(BOOT);
        if (!Files.exists(file)) {
            return BootState.initial();
        }
        try {
            return ChannelJson.decode(Files.readAllBytes(file), BootState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void save(BootState s) {
        SecureFiles.write(dir.resolve(BOOT), ChannelJson.encode(s), false);
    }
}
