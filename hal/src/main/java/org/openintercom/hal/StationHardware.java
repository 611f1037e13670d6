package org.openintercom.hal;

import java.util.Map;
import java.util.Optional;
import org.openintercom.hal.audio.AudioSink;
import org.openintercom.hal.audio.AudioSource;
import org.openintercom.hal.camera.Camera;
import org.openintercom.hal.io.CallButton;
import org.openintercom.hal.io.DigitalInput;
import org.openintercom.hal.io.DigitalOutput;
import org.openintercom.hal.io.DoorRelay;
import org.openintercom.hal.model.DeviceModel;

/**
 * All devices of one station, keyed by the ids of its {@link DeviceModel}. Closing it releases every device.
 * Built by a back end: {@code EmulatedStationHardware} or {@code Pi4jStationHardware}.
 */
public interface StationHardware extends AutoCloseable {

    DeviceModel model();

    Map<String, CallButton> buttons();

    Map<String, DoorRelay> relays();

    Map<String, DigitalInput> inputs();

    Map<String, DigitalOutput> outputs();

    AudioSource microphone();

    AudioSink speaker();

    Optional<Camera> camera();

    default CallButton button(String id) {
        return lookup("button", buttons(), id);
    }

    default DoorRelay relay(String id) {
        return lookup("relay", relays(), id);
    }

    default DigitalInput input(String id) {
        return lookup("input", inputs(), id);
    }

    default DigitalOutput output(String id) {
        return lookup("output", outputs(), id);
    }

    private <T> T lookup(String what, Map<String, T> devices, String id) {
        T device = devices.get(id);
        if (device == null) {
            throw new IllegalArgumentException(
                    "model " + model().id() + " has no " + what + " '" + id + "'; it has " + devices.keySet());
        }
        return device;
    }

    @Override
    void close();
}
