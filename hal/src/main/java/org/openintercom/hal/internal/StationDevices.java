package org.openintercom.hal.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openintercom.hal.StationHardware;
import org.openintercom.hal.audio.AudioSink;
import org.openintercom.hal.audio.AudioSource;
import org.openintercom.hal.camera.Camera;
import org.openintercom.hal.io.CallButton;
import org.openintercom.hal.io.DigitalInput;
import org.openintercom.hal.io.DigitalOutput;
import org.openintercom.hal.io.DoorRelay;
import org.openintercom.hal.model.DeviceModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every {@link StationHardware} back end shares: the devices keyed by the model's ids, audio and camera,
 * and closing them all (relays and outputs first, so nothing stays energised). Back ends add their devices.
 */
public abstract class StationDevices implements StationHardware {

    private static final Logger LOG = LoggerFactory.getLogger(StationDevices.class);

    private final DeviceModel model;
    private final Map<String, CallButton> buttons = new LinkedHashMap<>();
    private final Map<String, DoorRelay> relays = new LinkedHashMap<>();
    private final Map<String, DigitalInput> inputs = new LinkedHashMap<>();
    private final Map<String, DigitalOutput> outputs = new LinkedHashMap<>();
    private final AudioSource microphone;
    private final AudioSink speaker;
    private final Optional<Camera> camera;
    private boolean closed;

    protected StationDevices(DeviceModel model, AudioSource microphone, AudioSink speaker, Optional<Camera> camera) {
        this.model = model;
        this.microphone = microphone;
        this.speaker = speaker;
        this.camera = camera;
    }

    protected final void add(CallButton button) {
        buttons.put(button.id(), button);
    }

    protected final void add(DoorRelay relay) {
        relays.put(relay.id(), relay);
    }

    protected final void add(DigitalInput input) {
        inputs.put(input.id(), input);
    }

    protected final void add(DigitalOutput output) {
        outputs.put(output.id(), output);
    }

    @Override
    public final DeviceModel model() {
        return model;
    }

    @Override
    public final Map<String, CallButton> buttons() {
        return Collections.unmodifiableMap(buttons);
    }

    @Override
    public final Map<String, DoorRelay> relays() {
        return Collections.unmodifiableMap(relays);
    }

    @Override
    public final Map<String, DigitalInput> inputs() {
        return Collections.unmodifiableMap(inputs);
    }

    @Override
    public final Map<String, DigitalOutput> outputs() {
        return Collections.unmodifiableMap(outputs);
    }

    @Override
    public final AudioSource microphone() {
        return microphone;
    }

    @Override
    public final AudioSink speaker() {
        return speaker;
    }

    @Override
    public final Optional<Camera> camera() {
        return camera;
    }

    /** Closes every device once; a device that fails to close is logged and the others still close. */
    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> devices = new ArrayList<>();
        devices.addAll(relays.values());
        devices.addAll(outputs.values());
        devices.addAll(buttons.values());
        devices.addAll(inputs.values());
        camera.ifPresent(devices::add);
        devices.add(microphone);
        devices.add(speaker);
        for (AutoCloseable device : devices) {
            try {
                device.close();
            } catch (Exception e) {
                LOG.warn("closing {} of model {} failed", device, model.id(), e);
            }
        }
        afterClose();
    }

    /** Releases what the back end holds beyond the devices (e.g. a Pi4J context it created). */
    protected void afterClose() {
    }
}
