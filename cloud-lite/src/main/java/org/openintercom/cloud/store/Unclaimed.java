package org.openintercom.cloud.store;

import org.openintercom.provisioning.claim.DeviceId;

/** A device released from its site, and the serial of the certificate revoked with it (null if it had none). */
public record Unclaimed(DeviceId deviceId, String revokedSerial) {
}
