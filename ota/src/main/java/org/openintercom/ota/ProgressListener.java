package org.openintercom.ota;

/** Told how far a long pass over a payload (hashing, verifying) has come, in bytes. */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total) -> { };

    /** {@code done} of {@code total} bytes have been processed. */
    void progressed(long done, long total);
}
