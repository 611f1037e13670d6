package org.openintercom.agent.update;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The A/B firmware slots of a station and its boot loader's try-once logic: an update is written to the slot
 * that is not running, booted once as a trial, and becomes the default only when committed; a trial that is not
 * committed before the next start falls back to the slot that worked. Port; adapters per platform
 * ({@link FileSlotDriver} for emulated stations; on a Raspberry Pi the firmware's {@code tryboot} and two root
 * partitions, see docs/ota.md).
 */
public interface SlotDriver {

    /** The slot running now (after {@link #boot()}). */
    Slot running();

    /** What a slot holds, if it holds a complete image. */
    Optional<SlotImage> image(Slot slot);

    /**
     * Where the complete image of {@code slot} can be read (a file for emulated stations, the partition's block
     * device on a Pi); empty when the slot holds no complete image. The updater reads it as the base of a delta
     * and the self-test reads its first bytes.
     */
    Optional<Path> imageFile(Slot slot);

    /**
     * Opens the slot that is not running for writing a new image; what is written becomes visible only through
     * {@link InstallWriter#complete(SlotImage)}. Any earlier content of that slot is invalid from now on.
     */
    InstallWriter install();

    /** Makes the next start a single trial of {@code slot} (it must hold a complete image). */
    void tryOnce(Slot slot);

    /** The boot loader's decision at start: call once when the station starts. */
    BootOutcome boot();

    /** The running trial proved itself: it becomes the slot that starts by default. */
    void commit();

    /** Writes an image into the inactive slot. */
    interface InstallWriter extends AutoCloseable {
        /** Where the image bytes go, in order. */
        OutputStream out();

        /**
         * Marks the slot complete if the bytes written have {@code image.sha256()}.
         *
         * @throws IllegalStateException naming both hashes when they differ (the slot stays invalid)
         */
        void complete(SlotImage image);

        /** Abandons an unfinished write (the slot stays invalid). */
        @Override
        void close();
    }
}
