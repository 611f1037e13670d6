package org.openintercom.cloud.firmware;

import java.util.List;
import java.util.Optional;

/** What the firmware repository holds: read side, used by rollouts and the device download endpoint. */
public interface FirmwareCatalog {

    Optional<FirmwareRelease> find(String bundleId);

    /** Every bundle, newest upload first. */
    List<FirmwareRelease> all();

    /** A ready patch from the release a device runs ({@code baseVersion}, same models) to {@code targetBundleId}. */
    Optional<FirmwareDelta> delta(String baseVersion, String targetBundleId);
}
