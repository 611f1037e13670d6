package org.openintercom.cloud.api;

import org.openintercom.provisioning.claim.DeviceId;

/**
 * Told about device changes other parts of the cloud act on (the broker pushes configuration and mesh fallback
 * plans, the CA publishes revocations), and about changes of a site's call directory (fallback plans again).
 * Called after the change is committed; a failing listener does not undo it.
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

    /** {@code deviceId} left site {@code fromSiteId}: for site {@code toSiteId}, or unclaimed when that is null. */
    default void onMoved(DeviceId deviceId, long fromSiteId, Long toSiteId) {
    }

    /** A SIP user, its forwarding rules or a ring group of site {@code siteId} was created, changed or deleted. */
    default void onCallDirectoryChanged(long siteId) {
    }
}
