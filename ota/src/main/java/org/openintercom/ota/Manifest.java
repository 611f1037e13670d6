package org.openintercom.ota;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.ota.internal.Hex;

/**
 * What a bundle claims about its payload and where it may be installed; signed, and through the per-chunk
 * digests it carries, the signature covers the payload too. Field meanings are in docs/ota.md.
 *
 * @param formatVersion  bundle format version ({@link #FORMAT_VERSION})
 * @param version        firmware version of the payload (or of the result of applying a delta)
 * @param models         device models the firmware runs on, e.g. {@code ID5}, {@code IM6}; never empty
 * @param hardwareRevisions hardware revisions it runs on; empty means every revision of those models
 * @param securityCritical whether the release fixes a security problem (devices on a "security-critical
 *                       only" policy install only these)
 * @param securityVersion anti-rollback counter: a device never installs a bundle whose securityVersion is
 *                       below the one it runs
 * @param payloadSize    payload length in bytes
 * @param chunkSize      chunk length in bytes (the last chunk may be shorter)
 * @param chunkSha256    SHA-256 of each chunk, in order
 * @param payloadSha256  SHA-256 of the whole payload
 * @param deltaBase      the firmware a delta payload applies to; absent for a full image
 * @param createdAt      when the bundle was built
 * @param releaseNotes   free text for operators; may be empty
 */
@JsonPropertyOrder({"formatVersion", "version", "models", "hardwareRevisions", "securityCritical",
    "securityVersion", "payloadSize", "chunkSize", "chunkSha256", "payloadSha256", "deltaBase", "createdAt",
    "releaseNotes"})
public record Manifest(int formatVersion, FirmwareVersion version, List<String> models,
        List<String> hardwareRevisions, boolean securityCritical, long securityVersion, long payloadSize,
        int chunkSize, List<String> chunkSha256, String payloadSha256, Optional<DeltaBase> deltaBase,
        Instant createdAt, String releaseNotes) {

    /** The only format version this code reads and writes. */
    public static final int FORMAT_VERSION = 1;
    /** Default chunk size: 1 MiB. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;
    /** Smallest chunk size accepted: 4 KiB. */
    public static final int MIN_CHUNK_SIZE = 4 << 10;
    /** Largest chunk size accepted: 64 MiB (a device buffers one chunk to check it). */
    public static final int MAX_CHUNK_SIZE = 64 << 20;

    public Manifest {
        if (formatVersion < 1) {
            throw new IllegalArgumentException("formatVersion must be 1 or more, was " + formatVersion);
        }
        Objects.requireNonNull(version, "version is required");
        models = tokens(models, "models");
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models must name at least one device model");
        }
        hardwareRevisions = tokens(hardwareRevisions == null ? List.of() : hardwareRevisions, "hardwareRevisions");
        if (securityVersion < 0) {
            throw new IllegalArgumentException("securityVersion must not be negative, was " + securityVersion);
        }
        if (payloadSize < 0) {
            throw new IllegalArgumentException("payloadSize must not be negative, was " + payloadSize);
        }
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunkSize must be between " + MIN_CHUNK_SIZE + " and "
                    + MAX_CHUNK_SIZE + " bytes, was " + chunkSize);
        }
        Objects.requireNonNull(chunkSha256, "chunkSha256 is required");
        long expectedChunks = chunkCount(payloadSize, chunkSize);
        if (chunkSha256.size() != expectedChunks) {
            throw new IllegalArgumentException("chunkSha256 has " + chunkSha256.size() + " digests but a payload of "
                    + payloadSize + " bytes in chunks of " + chunkSize + " has " + expectedChunks);
        }
        for (int i = 0; i < chunkSha256.size(); i++) {
            Hex.requireSha256(chunkSha256.get(i), "chunkSha256[" + i + "]");
        }
        chunkSha256 = List.copyOf(chunkSha256);
        Hex.requireSha256(payloadSha256, "payloadSha256");
        deltaBase = deltaBase == null ? Optional.empty() : deltaBase;
        Objects.requireNonNull(createdAt, "createdAt is required");
        releaseNotes = releaseNotes == null ? "" : releaseNotes;
    }

    /** Number of chunks of a payload: {@code ceil(payloadSize / chunkSize)}. */
    public static long chunkCount(long payloadSize, int chunkSize) {
        return (payloadSize + chunkSize - 1) / chunkSize;
    }

    /** Number of chunks of this payload. */
    public int chunkCount() {
        return chunkSha256.size();
    }

    /** Offset of chunk {@code index} from the start of the payload. */
    public long chunkOffset(int index) {
        return (long) index * chunkSize;
    }

    /** Length of chunk {@code index} (the last one may be shorter). */
    public int chunkLength(int index) {
        if (index < 0 || index >= chunkCount()) {
            throw new IndexOutOfBoundsException("chunk " + index + " of " + chunkCount());
        }
        return (int) Math.min(chunkSize, payloadSize - chunkOffset(index));
    }

    /** Whether the payload is a delta against another firmware (derived, so not written to JSON). */
    @JsonIgnore
    public boolean isDelta() {
        return deltaBase.isPresent();
    }

    private static List<String> tokens(List<String> values, String field) {
        Objects.requireNonNull(values, field + " is required");
        for (String v : values) {
            if (v == null || !v.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,31}")) {
                throw new IllegalArgumentException(field + " entry '" + v + "' must be 1-32 letters, digits, "
                        + "'.', '_' or '-'");
            }
        }
        return List.copyOf(values);
    }
}
