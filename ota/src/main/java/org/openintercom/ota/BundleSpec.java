package org.openintercom.ota;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a release engineer says about a payload when building a bundle; the builder adds sizes, digests and
 * the creation time to make the {@link Manifest}.
 */
public record BundleSpec(FirmwareVersion version, List<String> models, List<String> hardwareRevisions,
        boolean securityCritical, long securityVersion, int chunkSize, Optional<DeltaBase> deltaBase,
        String releaseNotes) {

    public BundleSpec {
        Objects.requireNonNull(version, "version");
        models = List.copyOf(models);
        hardwareRevisions = List.copyOf(hardwareRevisions);
        deltaBase = deltaBase == null ? Optional.empty() : deltaBase;
        releaseNotes = releaseNotes == null ? "" : releaseNotes;
    }

    /** A full-image spec with default chunk size, all hardware revisions, not security-critical, no notes. */
    public static BundleSpec of(FirmwareVersion version, List<String> models, long securityVersion) {
        return new BundleSpec(version, models, List.of(), false, securityVersion, Manifest.DEFAULT_CHUNK_SIZE,
                Optional.empty(), "");
    }

    /** A copy with another chunk size. */
    public BundleSpec withChunkSize(int size) {
        return new BundleSpec(version, models, hardwareRevisions, securityCritical, securityVersion, size, deltaBase,
                releaseNotes);
    }

    /** A copy with these hardware revisions. */
    public BundleSpec withHardwareRevisions(List<String> revisions) {
        return new BundleSpec(version, models, revisions, securityCritical, securityVersion, chunkSize, deltaBase,
                releaseNotes);
    }

    /** A copy with the security-critical flag set as given. */
    public BundleSpec withSecurityCritical(boolean critical) {
        return new BundleSpec(version, models, hardwareRevisions, critical, securityVersion, chunkSize, deltaBase,
                releaseNotes);
    }

    /** A copy for a delta payload against {@code base}. */
    public BundleSpec withDeltaBase(DeltaBase base) {
        return new BundleSpec(version, models, hardwareRevisions, securityCritical, securityVersion, chunkSize,
                Optional.of(base), releaseNotes);
    }

    /** A copy with these release notes. */
    public BundleSpec withReleaseNotes(String notes) {
        return new BundleSpec(version, models, hardwareRevisions, securityCritical, securityVersion, chunkSize,
                deltaBase, notes);
    }
}
