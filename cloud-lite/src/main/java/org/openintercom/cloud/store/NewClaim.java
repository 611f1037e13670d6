package org.openintercom.cloud.store;

import java.time.Instant;
import java.util.Objects;
import org.openintercom.provisioning.claim.ClaimCode;

/** What is recorded when an installer claims a device into a site. */
public record NewClaim(ClaimCode code, long siteId, String name, String desiredConfig, String claimedBy,
        Instant claimedAt, Instant expiresAt) {

    public NewClaim {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(claimedBy, "claimedBy");
        Objects.requireNonNull(claimedAt, "claimedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
