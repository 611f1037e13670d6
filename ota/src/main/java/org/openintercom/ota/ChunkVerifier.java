package org.openintercom.ota;

import java.util.Objects;
import org.openintercom.ota.internal.Sha256;

/**
 * Checks single chunks against a (verified) manifest, so a device can re-fetch only the chunks that arrived
 * damaged instead of the whole payload.
 */
public final class ChunkVerifier {

    private final Manifest manifest;

    public ChunkVerifier(Manifest manifest) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
    }

    /** Checks chunk {@code index} whose bytes are all of {@code bytes}. */
    public ChunkCheck check(int index, byte[] bytes) {
        return check(index, bytes, 0, bytes.length);
    }

    /** Checks chunk {@code index} whose bytes are {@code bytes[offset, offset + length)}. */
    public ChunkCheck check(int index, byte[] bytes, int offset, int length) {
        if (index < 0 || index >= manifest.chunkCount()) {
            return new ChunkCheck(index, ChunkCheck.Status.NO_SUCH_CHUNK, "chunk " + index + " does not exist; the "
                    + "payload has " + manifest.chunkCount() + " chunks");
        }
        int expected = manifest.chunkLength(index);
        if (length != expected) {
            return new ChunkCheck(index, ChunkCheck.Status.WRONG_LENGTH, "chunk " + index + " is " + length
                    + " bytes, expected " + expected);
        }
        String digest = Sha256.hex(bytes, offset, length);
        if (!digest.equals(manifest.chunkSha256().get(index))) {
            return new ChunkCheck(index, ChunkCheck.Status.WRONG_DIGEST, "chunk " + index + " (bytes "
                    + manifest.chunkOffset(index) + ".." + (manifest.chunkOffset(index) + length - 1)
                    + " of the payload) has SHA-256 " + digest + ", the manifest says "
                    + manifest.chunkSha256().get(index));
        }
        return new ChunkCheck(index, ChunkCheck.Status.OK, "chunk " + index + " is good");
    }

    /** The manifest the chunks are checked against. */
    public Manifest manifest() {
        return manifest;
    }
}
