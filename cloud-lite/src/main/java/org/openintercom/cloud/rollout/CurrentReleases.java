package org.openintercom.cloud.rollout;

import java.util.Optional;
import org.openintercom.cloud.firmware.FirmwareCatalog;
import org.openintercom.cloud.firmware.FirmwareRelease;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.DeviceState;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a device that comes online to the current release of its model (the project's own setting, else the
 * default), unless it runs it already, its policy or anti-rollback forbids it, or it ended that assignment before.
 */
final class CurrentReleases {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentReleases.class);
    /** Assignment ids of current releases: this and the first 16 hex digits of the bundle id. */
    static final String PREFIX = "current-";

    private final RolloutStore store;
    private final DeviceStore devices;
    private final FirmwareCatalog catalog;
    private final FirmwarePublisher publisher;
    private final Assignments assignments;

    CurrentReleases(RolloutStore store, DeviceStore devices, FirmwareCatalog catalog, FirmwarePublisher publisher,
            Assignments assignments) {
        this.store = store;
        this.devices = devices;
        this.catalog = catalog;
        this.publisher = publisher;
        this.assignments = assignments;
    }

    /** {@code device} came online (reporting {@code model}, when it did): assign the current release if due. */
    void onOnline(DeviceId device, Optional<String> reportedModel) {
        Optional<Device> d = devices.find(device);
        if (d.isEmpty() || d.get().state() != DeviceState.ACTIVE || d.get().scope() == null) {
            return;
        }
        String model = reportedModel.orElse(d.get().model());
        if (model == null) {
            return;
        }
        Optional<FirmwareRelease> release = store.currentRelease(model, d.get().scope().projectId())
                .flatMap(c -> catalog.find(c.bundleId()));
        if (release.isEmpty()) {
            return;
        }
        DeviceFirmware firmware = store.firmware(device);
        String id = PREFIX + release.get().bundleId().substring(0, 16);
        if (id.equals(firmware.lastAssignment()) && firmware.lastState() != null
                && UpdateProgress.State.valueOf(firmware.lastState()).isFinal()) {
            return; // it tried this one already: no endless retries of a release it refused or rolled back
        }
        if (Offer.decide(release.get(), model, firmware, false, catalog).kind() == Offer.Kind.ASSIGN) {
            publisher.assign(device, assignments.of(id, release.get(), d.get(), firmware));
            LOG.info("device {} runs {}: assigned the current release {} of {}", device, firmware.runningVersion(),
                    release.get().version(), model);
        }
    }
}
