package org.openintercom.cloud.api;

import org.openintercom.provisioning.claim.DeviceId;

/**
 * Told about device changes other parts of the cloud act on (the broker pushes configuration, the CA
 * publishes revocations). Called after the change is committed; a failing listener does not undo it.
 */
public interface DeviceLifecycleListener {

    /** Does nothing. */
    DeviceLifecycleListener NONE = new DeviceLifecycleListener() { };

    /** {@code deviceId} was unclaimed; {@code revokedSerial} is its revoked certificate, or null if it had none. */
    default void onUnclaimed(DeviceId deviceId, String revokedSerial) {
    }

    /** {@code deviceId} has a new desired configuration {@code version}. */
    default void onConfigurationChanged(DeviceId deviceId, long version) {
    }
}
