package org.openintercom.hal.emulated;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.hal.StationHardware;
import org.openintercom.hal.audio.AudioSink;
import org.openintercom.hal.audio.AudioSource;
import org.openintercom.hal.audio.RecordingSink;
import org.openintercom.hal.audio.ToneSource;
import org.openintercom.hal.camera.Camera;
import org.openintercom.hal.io.CallButton;
import org.openintercom.hal.io.DigitalInput;
import org.openintercom.hal.io.DigitalOutput;
import org.openintercom.hal.io.DoorRelay;
import org.openintercom.hal.io.InputRole;
import org.openintercom.hal.model.InputSpec;
import org.openintercom.hal.io.InputTiming;
import org.openintercom.hal.io.RelayMode;
import org.openintercom.hal.model.DeviceModel;

/**
 * An emulated station: one emulated device for every button, relay, input and output of its model, a drawn
 * camera where the model has one, and audio from code (a tone by default) into a recording sink by default.
 * The typed getters give tests and the simulator the hooks ({@code press()}, {@code simulateOpen()}).
 */
public final class EmulatedStationHardware implements StationHardware {

    private final DeviceModel model;
    private final Map<String, EmulatedCallButton> buttons = new LinkedHashMap<>();
    private final Map<String, EmulatedDoorRelay> relays = new LinkedHashMap<>();
    private final Map<String, EmulatedDigitalInput> inputs = new LinkedHashMap<>();
    private final Map<String, EmulatedDigitalOutput> outputs = new LinkedHashMap<>();
    private final AudioSource microphone;
    private final AudioSink speaker;
    private final Optional<Camera> camera;

    private EmulatedStationHardware(Builder b) {
        this.model = b.model;
        for (String id : model.buttons()) {
            buttons.put(id, new EmulatedCallButton(id, b.timing, b.clock));
        }
        for (String id : model.relays()) {
            RelaySettings r = b.relays.getOrDefault(id, new RelaySettings(RelayMode.PULSE, Duration.ofSeconds(3)));
            relays.put(id, new EmulatedDoorRelay(id, r.mode, r.pulse, b.clock));
        }
        for (InputSpec spec : model.inputs()) {
            inputs.put(spec.id(), spec.role() == InputRole.DOOR_CONTACT
                    ? new EmulatedDoorContact(spec.id(), b.timing, b.clock)
                    : new EmulatedDigitalInput(spec.id(), spec.role(), b.timing, b.clock));
        }
        for (String id : model.outputs()) {
            outputs.put(id, new EmulatedDigitalOutput(id, b.clock));
        }
        this.microphone = b.microphone != null ? b.microphone
                : new ToneSource(model.audioFormat(), 440, 8000);
        this.speaker = b.speaker != null ? b.speaker : new RecordingSink(model.audioFormat(), Duration.ofSeconds(30));
        this.camera = model.camera() ? Optional.of(new EmulatedCamera(b.name, b.clock)) : Optional.empty();
    }

    public static Builder builder(DeviceModel model) {
        return new Builder(model);
    }

    @Override
    public DeviceModel model() {
        return model;
    }

    @Override
    public Map<String, CallButton> buttons() {
        return Collections.unmodifiableMap(buttons);
    }

    @Override
    public Map<String, DoorRelay> relays() {
        return Collections.unmodifiableMap(relays);
    }

    @Override
    public Map<String, DigitalInput> inputs() {
        return Collections.unmodifiableMap(inputs);
    }

    @Override
    public Map<String, DigitalOutput> outputs() {
        return Collections.unmodifiableMap(outputs);
    }

    @Override
    public AudioSource microphone() {
        return microphone;
    }

    @Override
    public AudioSink speaker() {
        return speaker;
    }

    @Override
    public Optional<Camera> camera() {
        return camera;
    }

    public EmulatedCallButton emulatedButton(String id) {
        return typed("button", buttons, id);
    }

    public EmulatedDoorRelay emulatedRelay(String id) {
        return typed("relay", relays, id);
    }

    public EmulatedDigitalInput emulatedInput(String id) {
        return typed("input", inputs, id);
    }

    public EmulatedDigitalOutput emulatedOutput(String id) {
        return typed("output", outputs, id);
    }

    /** The model's door contact; an error naming the model if it has none. */
    public EmulatedDoorContact emulatedDoorContact() {
        return inputs.values().stream().filter(EmulatedDoorContact.class::isInstance)
                .map(EmulatedDoorContact.class::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model " + model.id() + " has no door contact"));
    }

    private <T> T typed(String what, Map<String, T> devices, String id) {
        T device = devices.get(id);
        if (device == null) {
            throw new IllegalArgumentException("model " + model.id() + " has no " + what + " '" + id + "'; it has "
                    + devices.keySet());
        }
        return device;
    }

    @Override
    public void close() {
        buttons.values().forEach(CallButton::close);
        relays.values().forEach(DoorRelay::close);
        inputs.values().forEach(DigitalInput::close);
        outputs.values().forEach(DigitalOutput::close);
        camera.ifPresent(Camera::close);
        microphone.close();
        speaker.close();
    }

    private record RelaySettings(RelayMode mode, Duration pulse) {
    }

    /** Builds an {@link EmulatedStationHardware}. */
    public static final class Builder {
        private final DeviceModel model;
        private String name;
        private AudioSource microphone;
        private AudioSink speaker;
        private InputTiming timing = InputTiming.defaults();
        private Clock clock = Clock.systemUTC();
        private final Map<String, RelaySettings> relays = new LinkedHashMap<>();

        private Builder(DeviceModel model) {
            this.model = Objects.requireNonNull(model, "model");
            this.name = model.id();
        }

        /** The name the camera writes on its pictures. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder microphone(AudioSource microphone) {
            this.microphone = microphone;
            return this;
        }

        public Builder speaker(AudioSink speaker) {
            this.speaker = speaker;
            return this;
        }

        /** Mode and pulse time of relay {@code id} (default: pulse, 3 s). */
        public Builder relay(String id, RelayMode mode, Duration pulse) {
            if (!model.relays().contains(id)) {
                throw new IllegalArgumentException("model " + model.id() + " has no relay '" + id + "'; it has "
                        + model.relays());
            }
            relays.put(id, new RelaySettings(mode, pulse));
            return this;
        }

        public Builder timing(InputTiming timing) {
            this.timing = timing;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public EmulatedStationHardware build() {
            return new EmulatedStationHardware(this);
        }
    }
}
