package org.openintercom.cloud.store;

import java.time.Instant;
import org.openintercom.provisioning.claim.DeviceId;

/** A claim waiting for the device to connect: the nonce and birth-key fingerprint it must present, and until when. */
public record PendingClaim(DeviceId deviceId, long siteId, String nonce, String keyFingerprint, Instant expiresAt) {
}
