package org.openintercom.cloud.store;

/** Where a device is in its life: nobody's, claimed and waiting for its first connection, or in service. */
public enum DeviceState {
    UNCLAIMED, PENDING_ENROLLMENT, ACTIVE
}
