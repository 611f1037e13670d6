package org.openintercom.provisioning.channel;

import java.time.Instant;
import java.util.Objects;

/**
 * The configuration the cloud wants a device to run (retained on {@code desired}). {@code version} grows
 * with every cloud-side change; {@code basedOnLocalRevision} is the device's local revision the cloud had
 * seen when it made this version: a device with newer local changes refuses it rather than lose them.
 */
public record DesiredConfiguration(long version, long basedOnLocalRevision, DeviceConfiguration configuration,
        Instant issuedAt) {

    public DesiredConfiguration {
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, was " + version);
        }
        if (basedOnLocalRevision < 0) {
            throw new IllegalArgumentException("basedOnLocalRevision must not be negative");
        }
        Objects.requireNonNull(configuration, "configuration is required");
        Objects.requireNonNull(issuedAt, "issuedAt is required");
    }
}
