package org.openintercom.cloud.rollout;

import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.claim.DeviceId;

/** Where assignments go: the retained {@code firmware} leaf of each device (DeviceHub in cloud-lite). */
public interface FirmwarePublisher {

    /** Publishes {@code assignment} to {@code device} (retained). */
    void assign(DeviceId device, FirmwareAssignment assignment);

    /** Takes a device's assignment back (empty retained message). */
    void withdraw(DeviceId device);
}
