package org.openintercom.provisioning.claim;

import java.util.Objects;

/**
 * A device's identity: its serial number, ten Crockford base32 symbols (50 bits), printed on the label
 * and written into the subject CN of every certificate the device holds.
 */
public record DeviceId(String value) implements Comparable<DeviceId> {

    /** Number of symbols in a device id. */
    public static final int LENGTH = 10;

    public DeviceId {
        Objects.requireNonNull(value, "device id");
        if (value.length() != LENGTH) {
            throw new IllegalArgumentException(
                    "device id '" + value + "' has " + value.length() + " characters, expected " + LENGTH);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Base32.ALPHABET.indexOf(value.charAt(i)) < 0) {
                throw new IllegalArgumentException("device id '" + value + "' has an invalid character '"
                        + value.charAt(i) + "' at position " + (i + 1) + " (allowed: " + Base32.ALPHABET + ")");
            }
        }
    }

    /** Parses a device id, accepting lower case and the look-alikes I, L (1) and O (0). */
    public static DeviceId parse(String text) {
        Objects.requireNonNull(text, "device id");
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            int v = Base32.valueOf(text.charAt(i));
            b.append(v < 0 ? text.charAt(i) : Base32.symbol(v));
        }
        return new DeviceId(b.toString());
    }

    /** A new random device id (what the factory gives each device it makes). */
    public static DeviceId random() {
        return new DeviceId(Base32.random(LENGTH));
    }

    /** Whether {@code text} is a canonical device id. */
    public static boolean isValid(String text) {
        try {
            new DeviceId(text);
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    @Override
    public int compareTo(DeviceId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
