package org.openintercom.hal.pi4j;

import com.pi4j.context.Context;
import java.time.Clock;
import org.openintercom.hal.internal.OutputBase;
import org.openintercom.hal.pi4j.internal.Pi4jPins;

/** A digital output (LED, buzzer, auxiliary relay) driven through a Pi4J GPIO pin, active-low aware. */
public final class Pi4jDigitalOutput extends OutputBase {

    private final Context context;
    private final PinMap.Pin pin;
    private final com.pi4j.io.gpio.digital.DigitalOutput io;

    public Pi4jDigitalOutput(Context context, PinMap.Pin pin, Clock clock) {
        super(pin.id(), clock);
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
