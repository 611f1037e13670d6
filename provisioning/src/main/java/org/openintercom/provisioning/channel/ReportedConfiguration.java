package org.openintercom.provisioning.channel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a device runs (retained on {@code reported}): the last cloud version it applied, its own local
 * revision (grows with every change made on site), the configuration in effect, and how the last desired
 * version was handled.
 */
public record ReportedConfiguration(long appliedVersion, long localRevision, DeviceConfiguration configuration,
        Outcome outcome, Optional<Long> desiredVersion, Optional<String> detail, Instant at) {

    /** How the device handled the last desired version it received. */
    public enum Outcome {
        /** Applied; {@code appliedVersion} is that version. */
        APPLIED,
        /** Not applied: the device has local changes the cloud had not seen ({@code detail} says which). */
        CONFLICT,
        /** Not applied: invalid for this device ({@code detail} says why). */
        REJECTED,
        /** Nothing received yet, or a report after a local change. */
        UNCHANGED
    }

    public ReportedConfiguration {
        Objects.requireNonNull(configuration, "configuration is required");
        Objects.requireNonNull(outcome, "outcome is required");
        desiredVersion = desiredVersion == null ? Optional.empty() : desiredVersion;
        detail = detail == null ? Optional.empty() : detail;
        Objects.requireNonNull(at, "at is required");
    }
}
