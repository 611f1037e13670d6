package org.openintercom.cloud.store;

import java.time.Instant;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * A device as the cloud knows it: ownership (site and its ancestry, null while unclaimed), claim and
 * certificate, desired and reported configuration with their versions, and presence.
 */
public record Device(
        DeviceId id,
        String model,
        Scope scope,
        String name,
        DeviceState state,
        String claimNonce,
        String keyFingerprint,
        Instant claimExpiresAt,
        String claimedBy,
        Instant claimedAt,
        String certificateSerial,
        Instant certificateExpiresAt,
        String desiredConfig,
        long desiredVersion,
        long reportedVersion,
        String reportedConfig,
        boolean online,
        Instant lastSeen) {

    /** The site the device belongs to, or null while unclaimed. */
    public Long siteId() {
        return scope == null ? null : scope.siteId();
    }
}
