package org.openintercom.provisioning.channel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration the cloud wants a device to run (retained on {@code desired}). {@code version} grows
 * with every cloud-side change; {@code basedOnLocalRevision} is the device's local revision the cloud had
 * seen when it made this version: a device with newer local changes refuses it rather than lose them.
 * {@code fallback} is the mesh fallback plan for the buttons of this configuration, when the cloud computed one;
 * the cloud sends the same version again with a newer plan when its call directory changes.
 */
public record DesiredConfiguration(long version, long basedOnLocalRevision, DeviceConfiguration configuration,
        Instant issuedAt, Optional<FallbackPlan> fallback) {

    public DesiredConfiguration {
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, was " + version);
        }
        if (basedOnLocalRevision < 0) {
            throw new IllegalArgumentException("basedOnLocalRevision must not be negative");
        }
        Objects.requireNonNull(configuration, "configuration is required");
        Objects.requireNonNull(issuedAt, "issuedAt is required");
        fallback = fallback == null ? Optional.empty() : fallback;
    }

    /** A desired configuration without a fallback plan. */
    public DesiredConfiguration(long version, long basedOnLocalRevision, DeviceConfiguration configuration,
            Instant issuedAt) {
        this(version, basedOnLocalRevision, configuration, issuedAt, Optional.empty());
    }

    /** The same configuration with {@code plan} as its fallback plan. */
    public DesiredConfiguration withFallback(FallbackPlan plan) {
        return new DesiredConfiguration(version, basedOnLocalRevision, configuration, issuedAt, Optional.of(plan));
    }
}
