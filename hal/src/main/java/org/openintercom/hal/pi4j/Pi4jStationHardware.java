package org.openintercom.hal.pi4j;

import com.pi4j.context.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.hal.HardwareException;
import org.openintercom.hal.internal.StationDevices;
import org.openintercom.hal.audio.AudioSink;
import org.openintercom.hal.audio.AudioSource;
import org.openintercom.hal.audio.NullSink;
import org.openintercom.hal.audio.SilenceSource;
import org.openintercom.hal.camera.Camera;
import org.openintercom.hal.io.InputTiming;
import org.openintercom.hal.io.RelayMode;
import org.openintercom.hal.model.DeviceModel;
import org.openintercom.hal.model.InputSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A station on a Raspberry Pi: one Pi4J adapter for every button, relay, input and output of its model on the
 * pins of a {@link PinMap}, plus the audio and (optional) camera it is given. Closing it switches the outputs
 * off, releases the pins, and shuts the Pi4J context down if it created it.
 */
public final class Pi4jStationHardware extends StationDevices {

    private static final Logger LOG = LoggerFactory.getLogger(Pi4jStationHardware.class);

    /** Relay settings when the builder is not told otherwise: pulse for 3 s. */
    public static final RelayMode DEFAULT_RELAY_MODE = RelayMode.PULSE;
    public static final Duration DEFAULT_PULSE = Duration.ofSeconds(3);

    private final Context context;
    private final boolean ownsContext;

    private Pi4jStationHardware(Builder b, Context context, boolean ownsContext) {
        super(b.model, b.microphone != null ? b.microphone : new SilenceSource(b.model.audioFormat()),
                b.speaker != null ? b.speaker : new NullSink(b.model.audioFormat()), Optional.ofNullable(b.camera));
        this.context = context;
        this.ownsContext = ownsContext;
        DeviceModel model = b.model;
        try {
            for (String id : model.buttons()) {
                add(new Pi4jCallButton(context, b.pins.pin(id), b.timing, b.clock));
            }
            for (String id : model.relays()) {
                RelaySettings r = b.relays.getOrDefault(id, new RelaySettings(DEFAULT_RELAY_MODE, DEFAULT_PULSE));
                add(new Pi4jDoorRelay(context, b.pins.pin(id), r.mode(), r.pulse(), b.clock));
            }
            for (InputSpec spec : model.inputs()) {
                add(new Pi4jDigitalInput(context, b.pins.pin(spec.id()), spec.role(), b.timing, b.clock));
            }
            for (String id : model.outputs()) {
                add(new Pi4jDigitalOutput(context, b.pins.pin(id), b.clock));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("Pi4J station hardware for model {} opened on pins {}", model.id(), b.pins);
    }

    /** Starts a builder for {@code model} wired as {@code pins}. */
    public static Builder builder(DeviceModel model, PinMap pins) {
        return new Builder(model, pins);
    }

    /** The Pi4J context the devices live in. */
    public Context context() {
        return context;
    }

    @Override
    protected void afterClose() {
        if (ownsContext) {
            try {
                context.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("shutting down the Pi4J context failed", e);
            }
        }
        LOG.info("Pi4J station hardware for model {} closed", model().id());
    }

    private record RelaySettings(RelayMode mode, Duration pulse) {
    }

    /** Builds a {@link Pi4jStationHardware}; {@link #build()} checks that every device of the model has a pin. */
    public static final class Builder {
        private final DeviceModel model;
        private final PinMap pins;
        private Context context;
        private InputTiming timing = InputTiming.defaults();
        private Clock clock = Clock.systemUTC();
        private final Map<String, RelaySettings> relays = new LinkedHashMap<>();
        private AudioSource microphone;
        private AudioSink speaker;
        private Camera camera;

        private Builder(DeviceModel model, PinMap pins) {
            this.model = Objects.requireNonNull(model, "model");
            this.pins = Objects.requireNonNull(pins, "pins");
        }

        /** The Pi4J context to use (and not shut down); default: a new {@link Pi4jContexts#gpiod()}. */
        public Builder context(Context context) {
            this.context = context;
            return this;
        }

        public Builder timing(InputTiming timing) {
            this.timing = Objects.requireNonNull(timing, "timing");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Mode and pulse time of relay {@code id} (default: pulse, 3 s). A null or blank id changes nothing, so
         * an unset config key can be passed through; an id the model has no relay for is an error.
         */
        public Builder relay(String id, RelayMode mode, Duration pulse) {
            if (id == null || id.isBlank()) {
                return this;
            }
            if (!model.relays().contains(id)) {
                throw new IllegalArgumentException("model " + model.id() + " has no relay '" + id + "'; it has "
                        + model.relays());
            }
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(pulse, "pulse");
            if (pulse.isNegative() || pulse.isZero()) {
                throw new IllegalArgumentException("relay " + id + ": pulse time must be positive, not " + pulse);
            }
            relays.put(id, new RelaySettings(mode, pulse));
            return this;
        }

        /** The microphone; default: silence in the model's audio format. */
        public Builder microphone(AudioSource microphone) {
            this.microphone = microphone;
            return this;
        }

        /** The speaker; default: a sink that discards. */
        public Builder speaker(AudioSink speaker) {
            this.speaker = speaker;
            return this;
        }

        /** The camera, if the station has one wired (e.g. a {@code CommandCamera}); default: none. */
        public Builder camera(Camera camera) {
            this.camera = camera;
            return this;
        }

        /** The ids of the model's devices that have no pin, in model order. */
        public List<String> missingPins() {
            List<String> missing = new ArrayList<>();
            List<String> ids = new ArrayList<>(model.buttons());
            ids.addAll(model.relays());
            model.inputs().forEach(spec -> ids.add(spec.id()));
            ids.addAll(model.outputs());
            for (String id : ids) {
                if (pins.find(id).isEmpty()) {
                    missing.add(id);
                }
            }
            return missing;
        }

        /**
         * Opens every device. Fails before touching any pin, naming the model and every missing id, when the
         * pin map does not cover the model; fails with a {@link HardwareException} when a pin cannot be opened.
         */
        public Pi4jStationHardware build() {
            List<String> missing = missingPins();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("model " + model.id() + " needs pins for " + missing
                        + " (hardware.pins has " + pins.pins().keySet() + ")");
            }
            if (context != null) {
                return new Pi4jStationHardware(this, context, false);
            }
            Context created = Pi4jContexts.gpiod();
            try {
                return new Pi4jStationHardware(this, created, true);
            } catch (RuntimeException e) {
                if (!created.isShutdown()) {
                    created.shutdown();
                }
                throw e;
            }
        }
    }
}
