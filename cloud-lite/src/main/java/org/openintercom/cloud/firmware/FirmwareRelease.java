package org.openintercom.cloud.firmware;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A signed firmware bundle in the repository, as the cloud knows it after verifying it at upload.
 * {@code bundleId} is the lower-case hex SHA-256 of the whole {@code .oib} file (content-addressed: a bundle
 * never changes under its id, so devices can resume downloads with HTTP Range at any time).
 */
public record FirmwareRelease(String bundleId, String version, List<String> models, List<String> hardwareRevisions,
        boolean securityCritical, int securityVersion, long bundleSize, String payloadSha256, String releaseNotes,
        String signer, Instant uploadedAt) {

    /** Where devices download bundles (on the device API, mutual TLS). */
    public static final String DEVICE_PATH_PREFIX = "/device/v1/firmware/";

    public FirmwareRelease {
        if (bundleId == null || !bundleId.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("bundleId must be 64 lower-case hex digits, was " + bundleId);
        }
        Objects.requireNonNull(version, "version");
        models = List.copyOf(models);
        hardwareRevisions = List.copyOf(hardwareRevisions);
        Objects.requireNonNull(payloadSha256, "payloadSha256");
        releaseNotes = releaseNotes == null ? "" : releaseNotes;
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(uploadedAt, "uploadedAt");
    }

    /** The path devices fetch this bundle from, relative to the device API. */
    public String bundlePath() {
        return DEVICE_PATH_PREFIX + bundleId + ".oib";
    }

    /** Whether this bundle runs on {@code model} at {@code hardwareRevision} (null: not known, any). */
    public boolean runsOn(String model, String hardwareRevision) {
        return models.contains(model)
                && (hardwareRevisions.isEmpty() || hardwareRevision == null || hardwareRevisions.contains(hardwareRevision));
    }
}
