package org.openintercom.provisioning.channel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The firmware the cloud wants a device to run (retained on {@code firmware}); an empty retained message means
 * "no update wanted" (an aborted or paused rollout withdraws its assignment this way).
 *
 * <p>{@code id} names this assignment (a rollout and its wave, or a claim): the device reports its progress
 * under it ({@link UpdateProgress#assignmentId()}). {@code bundlePath} is the path of the signed bundle on the
 * device API (content-addressed, so a download can resume with HTTP {@code Range} after any restart);
 * {@code delta} offers a smaller patch that applies only to {@code delta.baseVersion}, with the full bundle as
 * the fallback (the device always fetches the full bundle's header, manifest and signature first). The device downloads at any time but installs only inside {@code installWindow} when there
 * is one, and never during a call. The signed manifest is the authority on version, compatibility and
 * security version; the copies here are for display and early refusal.
 */
public record FirmwareAssignment(String id, String version, int securityVersion, boolean securityCritical,
        String bundlePath, long bundleSize, Optional<DeltaOffer> delta, Optional<MaintenanceWindow> installWindow,
        Instant issuedAt) {

    /**
     * A patch that turns the payload of {@code baseVersion} (whose SHA-256 is {@code basePayloadSha256}) into the
     * assigned payload. The patch itself is not signed: the device checks what it produces against the signed
     * manifest of the full bundle (every chunk's SHA-256), and falls back to the full bundle when it fails.
     */
    public record DeltaOffer(String baseVersion, String basePayloadSha256, String patchPath, long patchSize) {
        public DeltaOffer {
            Objects.requireNonNull(baseVersion, "delta.baseVersion is required");
            if (basePayloadSha256 == null || !basePayloadSha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("delta.basePayloadSha256 must be 64 lower-case hex digits");
            }
            requirePath(patchPath, "delta.patchPath");
            if (patchSize <= 0) {
                throw new IllegalArgumentException("delta.patchSize must be positive, was " + patchSize);
            }
        }
    }

    public FirmwareAssignment {
        if (id == null || id.isBlank() || id.length() > 64) {
            throw new IllegalArgumentException("id must have 1 to 64 characters");
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("version is required");
        }
        if (securityVersion < 0) {
            throw new IllegalArgumentException("securityVersion must not be negative, was " + securityVersion);
        }
        requirePath(bundlePath, "bundlePath");
        if (bundleSize <= 0) {
            throw new IllegalArgumentException("bundleSize must be positive, was " + bundleSize);
        }
        delta = delta == null ? Optional.empty() : delta;
        installWindow = installWindow == null ? Optional.empty() : installWindow;
        Objects.requireNonNull(issuedAt, "issuedAt is required");
    }

    private static void requirePath(String path, String field) {
        if (path == null || !path.startsWith("/") || path.contains("..") || path.length() > 512) {
            throw new IllegalArgumentException(field + " must be an absolute path on the device API, was " + path);
        }
    }
}
