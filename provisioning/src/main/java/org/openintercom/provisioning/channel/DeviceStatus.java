package org.openintercom.provisioning.channel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's presence (retained on {@code status}): ONLINE with what it runs when it connects, OFFLINE as
 * its last will (published by the broker when the connection drops) or when it stops cleanly.
 */
public record DeviceStatus(State state, Optional<Instant> since, Optional<String> model,
        Optional<String> firmware, Optional<Instant> certificateExpires) {

    public enum State { ONLINE, OFFLINE }

    public DeviceStatus {
        Objects.requireNonNull(state, "state is required");
        since = since == null ? Optional.empty() : since;
        model = model == null ? Optional.empty() : model;
        firmware = firmware == null ? Optional.empty() : firmware;
        certificateExpires = certificateExpires == null ? Optional.empty() : certificateExpires;
    }

    /** The last will: just OFFLINE (the broker sends it when the time is not known to the device). */
    public static DeviceStatus offline() {
        return new DeviceStatus(State.OFFLINE, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static DeviceStatus online(Instant since, String model, String firmware, Instant certificateExpires) {
        return new DeviceStatus(State.ONLINE, Optional.of(since), Optional.of(model), Optional.of(firmware),
                Optional.of(certificateExpires));
    }
}
