package org.openintercom.cloud.calls.directory;

import java.util.Optional;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.DeviceState;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * Where a station is claimed, by the name it registers with the relay under (its device id): ring groups and
 * forwarding rules may name stations of their own site as users.
 */
@FunctionalInterface
public interface StationLookup {

    /** The site the station {@code name} is claimed at; empty if {@code name} is no claimed station. */
    Optional<Long> siteOf(String name);

    /** No stations: only SIP users may be named. */
    StationLookup NONE = name -> Optional.empty();

    /** The claimed devices of {@code devices}. */
    static StationLookup of(DeviceStore devices) {
        return name -> DeviceId.isValid(name)
                ? devices.find(new DeviceId(name)).filter(d -> d.state() != DeviceState.UNCLAIMED)
                        .map(Device::siteId)
                : Optional.empty();
    }
}
