package org.openintercom.hal.pi4j;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which BCM GPIO pin each device id of a station (button, relay, input, output) is wired to, whether it is
 * active-low, and which pull resistor an input uses. Immutable; built with {@link #builder()}.
 */
public final class PinMap {

    /** The pull resistor of an input pin. */
    public enum Pull { OFF, UP, DOWN }

    /** One wired pin: device id, BCM number, active-low, and pull resistor (inputs only). */
    public record Pin(String id, int bcm, boolean activeLow, Pull pull) {
        public Pin {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(pull, "pull");
            if (id.isBlank()) {
                throw new IllegalArgumentException("pin id must not be blank");
            }
            if (bcm < 0 || bcm > 53) {
                throw new IllegalArgumentException("pin '" + id + "': BCM number must be 0..53, not " + bcm);
            }
        }
    }

    private final Map<String, Pin> pins;

    private PinMap(Map<String, Pin> pins) {
        this.pins = Collections.unmodifiableMap(new LinkedHashMap<>(pins));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The pin map of a station config: {@code hardware.pins} (device id to BCM pin) and
     * {@code hardware.active-low} (ids among them). An active-low id without a pin is an error naming it.
     */
    public static PinMap from(Map<String, Integer> bcmPins, Collection<String> activeLow) {
        Set<String> unknown = new LinkedHashSet<>(activeLow);
        unknown.removeAll(bcmPins.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("active-low names " + unknown + " which have no pin; pins are "
                    + bcmPins.keySet());
        }
        Builder builder = new Builder();
        bcmPins.forEach((id, bcm) -> builder.pin(id, Objects.requireNonNull(bcm, id), activeLow.contains(id)));
        return builder.build();
    }

    /** A builder starting from this map, for a modified copy. */
    public Builder extend() {
        Builder builder = new Builder();
        builder.pins.putAll(pins);
        return builder;
    }

    /** Every pin by device id, in the order they were added. */
    public Map<String, Pin> pins() {
        return pins;
    }

    public Optional<Pin> find(String id) {
        return Optional.ofNullable(pins.get(id));
    }

    /** The pin of device {@code id}; an error naming the id and the ids that are mapped. */
    public Pin pin(String id) {
        Pin pin = pins.get(id);
        if (pin == null) {
            throw new IllegalArgumentException("no pin for '" + id + "'; pins are mapped for " + pins.keySet());
        }
        return pin;
    }

    @Override
    public String toString() {
        return "PinMap" + pins.values();
    }

    /** Builds a {@link PinMap}; a device id or a BCM number may be used once only. */
    public static final class Builder {
        private final Map<String, Pin> pins = new LinkedHashMap<>();

        private Builder() {
        }

        /** Maps {@code id} to BCM pin {@code bcm}; active-low inputs get a pull-up, others a pull-down. */
        public Builder pin(String id, int bcm, boolean activeLow) {
            return pin(id, bcm, activeLow, activeLow ? Pull.UP : Pull.DOWN);
        }

        public Builder pin(String id, int bcm, boolean activeLow, Pull pull) {
            Pin pin = new Pin(id, bcm, activeLow, pull);
            for (Pin other : pins.values()) {
                if (other.bcm() == bcm && !other.id().equals(id)) {
                    throw new IllegalArgumentException("BCM pin " + bcm + " is used by both '" + other.id()
                            + "' and '" + id + "'");
                }
            }
            pins.put(id, pin);
            return this;
        }

        public PinMap build() {
            return new PinMap(pins);
        }
    }
}
