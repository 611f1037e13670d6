package org.openintercom.cloud.hub;

import java.util.EnumSet;
import java.util.Set;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.DeviceEvent;
import org.openintercom.provisioning.channel.DeviceStatus;
import org.openintercom.provisioning.channel.ReportedConfiguration;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store in step with what devices say: presence and model from their status, the configuration
 * they applied from their reports (sending the desired one again when a device is behind, or when it has no
 * current mesh fallback plan), and the security-relevant events (door opened, tamper, door open too long) in the
 * audit log.
 */
public final class DeviceStateRecorder implements DeviceHub.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceStateRecorder.class);
    private static final Set<DeviceEvent.Type> AUDITED = EnumSet.of(DeviceEvent.Type.DOOR_OPENED,
            DeviceEvent.Type.TAMPER, DeviceEvent.Type.DOOR_OPEN_TOO_LONG);

    private final DeviceStore devices;
    private final AuditLog audit;
    private final DesiredPublisher desired;

    public DeviceStateRecorder(DeviceStore devices, AuditLog audit, DesiredPublisher desired) {
        this.devices = devices;
        this.audit = audit;
        this.desired = desired;
    }

    @Override
    public void onStatus(DeviceId device, DeviceStatus status) {
        devices.setOnline(device, status.state() == DeviceStatus.State.ONLINE);
        status.model().ifPresent(m -> devices.recordModel(device, m));
        LOG.debug("device {} is {}", device, status.state());
    }

    @Override
    public void onReported(DeviceId device, ReportedConfiguration reported) {
        devices.recordReported(device, reported.appliedVersion(), ChannelJson.encodeToString(reported));
        if (reported.outcome() == ReportedConfiguration.Outcome.CONFLICT
                || reported.outcome() == ReportedConfiguration.Outcome.REJECTED) {
            LOG.warn("device {} did not apply configuration v{}: {} {}", device,
                    reported.desiredVersion().orElse(-1L), reported.outcome(), reported.detail().orElse(""));
            return;
        }
        if (devices.find(device).filter(d -> d.desiredVersion() > reported.appliedVersion()).isPresent()) {
            desired.publish(device);
        } else {
            desired.refresh(device); // its mesh fallback plan, if it has none yet (it enrolled) or an outdated one
        }
    }

    @Override
    public void onEvent(DeviceId device, DeviceEvent event) {
        if (AUDITED.contains(event.type())) {
            audit.record(device.value(), event.type().name().toLowerCase().replace('_', '-'), "device:" + device,
                    AuditEntry.Outcome.OK, event.details().toString());
        }
        LOG.debug("device {} event {} {}", device, event.type(), event.details());
    }
}
