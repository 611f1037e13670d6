package org.openintercom.ota;

/** The outcome of checking one chunk: it matches the manifest, or why not (length, digest or index). */
public record ChunkCheck(int index, Status status, String message) {

    /** What a chunk check found. */
    public enum Status {
        /** The chunk has the expected length and digest. */
        OK,
        /** The chunk's length differs from what the manifest implies. */
        WRONG_LENGTH,
        /** The chunk's SHA-256 differs from the manifest's. */
        WRONG_DIGEST,
        /** The manifest has no chunk with this index. */
        NO_SUCH_CHUNK
    }

    /** Whether the chunk is good. */
    public boolean ok() {
        return status == Status.OK;
    }
}
