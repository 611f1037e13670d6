package org.openintercom.hal.emulated;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.hal.internal.StationDevices;
import org.openintercom.hal.audio.AudioSink;
import org.openintercom.hal.audio.AudioSource;
import org.openintercom.hal.audio.RecordingSink;
import org.openintercom.hal.audio.ToneSource;
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
public final class EmulatedStationHardware extends StationDevices {

    private EmulatedStationHardware(Builder b) {
        super(b.model, b.microphone != null ? b.microphone : new ToneSource(b.model.audioFormat(), 440, 8000),
                b.speaker != null ? b.speaker : new RecordingSink(b.model.audioFormat(), Duration.ofSeconds(30)),
                b.model.camera() ? Optional.of(new EmulatedCamera(b.name, b.clock)) : Optional.empty());
        DeviceModel model = b.model;
        for (String id : model.buttons()) {
            add(new EmulatedCallButton(id, b.timing, b.clock));
        }
        for (String id : model.relays()) {
            RelaySettings r = b.relays.getOrDefault(id, new RelaySettings(RelayMode.PULSE, Duration.ofSeconds(3)));
            add(new EmulatedDoorRelay(id, r.mode, r.pulse, b.clock));
        }
        for (InputSpec spec : model.inputs()) {
            add(spec.role() == InputRole.DOOR_CONTACT ? new EmulatedDoorContact(spec.id(), b.timing, b.clock)
                    : new EmulatedDigitalInput(spec.id(), spec.role(), b.timing, b.clock));
        }
        for (String id : model.outputs()) {
            add(new EmulatedDigitalOutput(id, b.clock));
        }
    }

    public static Builder builder(DeviceModel model) {
        return new Builder(model);
    }

    public EmulatedCallButton emulatedButton(String id) {
        return (EmulatedCallButton) button(id);
    }

    public EmulatedDoorRelay emulatedRelay(String id) {
        return (EmulatedDoorRelay) relay(id);
    }

    public EmulatedDigitalInput emulatedInput(String id) {
        return (EmulatedDigitalInput) input(id);
    }

    public EmulatedDigitalOutput emulatedOutput(String id) {
        return (EmulatedDigitalOutput) output(id);
    }

    /** The speaker, when it is the default recording one (what tests and the simulator listen to). */
    public Optional<RecordingSink> recordingSpeaker() {
        return speaker() instanceof RecordingSink sink ? Optional.of(sink) : Optional.empty();
    }

    /** The model's door contact; an error naming the model if it has none. */
    public EmulatedDoorContact emulatedDoorContact() {
        return inputs().values().stream().filter(EmulatedDoorContact.class::isInstance)
                .map(EmulatedDoorContact.class::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model " + model().id() + " has no door contact"));
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
