package org.openintercom.cloud.hub;

import java.time.Clock;
import java.util.Optional;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.DeviceState;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.DesiredConfiguration;
import org.openintercom.provisioning.channel.DeviceConfiguration;
import org.openintercom.provisioning.channel.ReportedConfiguration;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a device's desired configuration from the store, based on the newest local revision the device
 * has reported: a change made on site that the cloud has not heard of yet is never overwritten.
 */
public final class DesiredPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DesiredPublisher.class);

    private final DeviceStore devices;
    private final DeviceHub hub;
    private final Clock clock;

    public DesiredPublisher(DeviceStore devices, DeviceHub hub, Clock clock) {
        this.devices = devices;
        this.hub = hub;
        this.clock = clock;
    }

    /** Publishes the stored desired configuration of {@code id}, if it is enrolled and has one. */
    public void publish(DeviceId id) {
        Optional<Device> device = devices.find(id);
        if (device.isEmpty() || device.get().state() != DeviceState.ACTIVE || device.get().desiredVersion() < 1
                || device.get().desiredConfig() == null) {
            return;
        }
        Device d = device.get();
        long basedOn = reported(d).map(ReportedConfiguration::localRevision).orElse(0L);
        DesiredConfiguration desired = new DesiredConfiguration(d.desiredVersion(), basedOn,
                ChannelJson.decode(d.desiredConfig(), DeviceConfiguration.class), clock.instant());
        hub.publishDesired(id, desired);
        LOG.debug("published desired configuration v{} to {}", d.desiredVersion(), id);
    }

    /** What the device last reported, as stored. */
    static Optional<ReportedConfiguration> reported(Device d) {
        if (d.reportedConfig() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ChannelJson.decode(d.reportedConfig(), ReportedConfiguration.class));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
