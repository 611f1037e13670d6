package org.openintercom.cloud.rollout;

import org.openintercom.provisioning.claim.DeviceId;

/**
 * What the cloud knows of a device's firmware: its update policy, the version it last said it runs (null when
 * not known), and its latest progress with any assignment.
 */
public record DeviceFirmware(DeviceId deviceId, UpdatePolicy policy, String runningVersion, String lastAssignment,
        String lastState) {

    static DeviceFirmware unknown(DeviceId id) {
        return new DeviceFirmware(id, UpdatePolicy.ALL, null, null, null);
    }
}
