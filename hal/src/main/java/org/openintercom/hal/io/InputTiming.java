package org.openintercom.hal.io;

import java.time.Duration;
import java.util.Objects;

/**
 * How raw input edges are turned into events: a level must be stable for {@code debounce} before it counts,
 * and a button held for {@code longPress} reports a {@link ButtonPress.Kind#LONG} press.
 */
public record InputTiming(Duration debounce, Duration longPress) {

    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(30);
    public static final Duration DEFAULT_LONG_PRESS = Duration.ofSeconds(2);

    public InputTiming {
        Objects.requireNonNull(debounce, "debounce");
        Objects.requireNonNull(longPress, "longPress");
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce must not be negative, not " + debounce);
        }
        if (longPress.compareTo(debounce) <= 0) {
            throw new IllegalArgumentException(
                    "longPress (" + longPress + ") must be longer than debounce (" + debounce + ")");
        }
    }

    /** 30 ms debounce, 2 s long press. */
    public static InputTiming defaults() {
        return new InputTiming(DEFAULT_DEBOUNCE, DEFAULT_LONG_PRESS);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this timing. */
    public Builder extend() {
        return new Builder().debounce(debounce).longPress(longPress);
    }

    /** Builds an {@link InputTiming}; unset values take the defaults. */
    public static final class Builder {
        private Duration debounce = DEFAULT_DEBOUNCE;
        private Duration longPress = DEFAULT_LONG_PRESS;

        private Builder() {
        }

        public Builder debounce(Duration debounce) {
            this.debounce = debounce;
            return this;
        }

        public Builder longPress(Duration longPress) {
            this.longPress = longPress;
            return this;
        }

        public InputTiming build() {
            return new InputTiming(debounce, longPress);
        }
    }
}
