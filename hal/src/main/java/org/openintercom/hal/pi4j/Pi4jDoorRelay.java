package org.openintercom.hal.pi4j;

import com.pi4j.context.Context;
import java.time.Clock;
import java.time.Duration;
import org.openintercom.hal.internal.RelayBase;
import org.openintercom.hal.io.RelayMode;
import org.openintercom.hal.pi4j.internal.Pi4jPins;

/** A door relay driven through a Pi4J GPIO pin (pulse, bistable or hold), active-low aware. */
public final class Pi4jDoorRelay extends RelayBase {

    private final Context context;
    private final PinMap.Pin pin;
    private final com.pi4j.io.gpio.digital.DigitalOutput io;

    public Pi4jDoorRelay(Context context, PinMap.Pin pin, RelayMode mode, Duration pulseTime, Clock clock) {
        super(pin.id(), mode, pulseTime, clock);
        this.context = context;
        this.pin = pin;
        this.io = Pi4jPins.output(context, pin);
    }

    @Override
    protected void apply(boolean on) {
        Pi4jPins.drive(io, pin, on);
    }

    @Override
    protected void releaseResources() {
        Pi4jPins.release(context, io);
    }
}
