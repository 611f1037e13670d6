package org.openintercom.cloud.rollout;

import java.time.Clock;
import java.util.Optional;
import org.openintercom.cloud.firmware.FirmwareCatalog;
import org.openintercom.cloud.firmware.FirmwareRelease;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.cloud.store.Site;
import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.channel.MaintenanceWindow;

/** Builds a device's assignment: the bundle, a delta from the version it runs, and its site's maintenance window. */
final class Assignments {

    private final RolloutStore store;
    private final OrganisationStore organisations;
    private final FirmwareCatalog catalog;
    private final Clock clock;

    Assignments(RolloutStore store, OrganisationStore organisations, FirmwareCatalog catalog, Clock clock) {
        this.store = store;
        this.organisations = organisations;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The assignment {@code id} of {@code release} for {@code device}, which runs {@code firmware}. */
    FirmwareAssignment of(String id, FirmwareRelease release, Device device, DeviceFirmware firmware) {
        Optional<FirmwareAssignment.DeltaOffer> delta = Optional.ofNullable(firmware.runningVersion())
                .flatMap(v -> catalog.delta(v, release.bundleId()))
                .map(x -> new FirmwareAssignment.DeltaOffer(x.baseVersion(), x.basePayloadSha256(), x.patchPath(),
                        x.patchSize()));
        return new FirmwareAssignment(id, release.version(), release.securityVersion(), release.securityCritical(),
                release.bundlePath(), release.bundleSize(), delta, windowOf(device), clock.instant());
    }

    private Optional<MaintenanceWindow> windowOf(Device device) {
        Long siteId = device.siteId();
        if (siteId == null) {
            return Optional.empty();
        }
        return store.window(siteId).flatMap(w -> organisations.findSite(siteId).map(Site::timeZone).map(w::in));
    }
}
