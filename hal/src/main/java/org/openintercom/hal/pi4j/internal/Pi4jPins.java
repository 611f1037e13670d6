package org.openintercom.hal.pi4j.internal;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import org.openintercom.hal.HardwareException;
import org.openintercom.hal.pi4j.PinMap;

/** Creates and releases the Pi4J digital I/O behind a {@link PinMap.Pin}, turning Pi4J failures into ours. */
public final class Pi4jPins {

    private Pi4jPins() {
    }

    /** The Pi4J id of a device: Pi4J ids are unique per context, so they are prefixed. */
    public static String ioId(PinMap.Pin pin) {
        return "openintercom-" + pin.id();
    }

    public static DigitalInput input(Context context, PinMap.Pin pin) {
        try {
            return context.create(DigitalInput.newConfigBuilder(context)
                    .id(ioId(pin))
                    .name(pin.id())
                    .address(pin.bcm())
                    .pull(switch (pin.pull()) {
                        case UP -> PullResistance.PULL_UP;
                        case DOWN -> PullResistance.PULL_DOWN;
                        case OFF -> PullResistance.OFF;
                    }));
        } catch (RuntimeException e) {
            throw new HardwareException("cannot open input '" + pin.id() + "' on BCM " + pin.bcm() + ": "
                    + e.getMessage(), e);
        }
    }

    /** An output created switched off (high for an active-low pin) and switched off again on shutdown. */
    public static DigitalOutput output(Context context, PinMap.Pin pin) {
        DigitalState off = level(pin, false);
        try {
            return context.create(DigitalOutput.newConfigBuilder(context)
                    .id(ioId(pin))
                    .name(pin.id())
                    .address(pin.bcm())
                    .initial(off)
                    .shutdown(off));
        } catch (RuntimeException e) {
            throw new HardwareException("cannot open output '" + pin.id() + "' on BCM " + pin.bcm() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The electrical level that means {@code active} on this pin. */
    public static DigitalState level(PinMap.Pin pin, boolean active) {
        return active != pin.activeLow() ? DigitalState.HIGH : DigitalState.LOW;
    }

    /** Whether an electrical level means active on this pin (unknown counts as inactive). */
    public static boolean active(PinMap.Pin pin, DigitalState state) {
        if (state == null || state == DigitalState.UNKNOWN) {
            return false;
        }
        return state.isHigh() != pin.activeLow();
    }

    /** Drives an output to the level meaning {@code on}. */
    public static void drive(DigitalOutput output, PinMap.Pin pin, boolean on) {
        try {
            output.state(level(pin, on));
        } catch (RuntimeException e) {
            throw new HardwareException("cannot switch '" + pin.id() + "' on BCM " + pin.bcm() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Releases the Pi4J I/O; a failure there is not worth more than a quiet try. */
    public static void release(Context context, com.pi4j.io.IO<?, ?, ?> io) {
        try {
            if (!context.isShutdown()) {
                context.shutdown(io.id());
            }
        } catch (RuntimeException e) {
            // already gone (context shut down first, or never registered): nothing left to release
        }
    }
}
