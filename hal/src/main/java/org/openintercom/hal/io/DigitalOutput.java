package org.openintercom.hal.io;

import java.time.Duration;
import java.util.function.Consumer;
import org.openintercom.hal.Subscription;

/** A digital output (LED, buzzer, auxiliary relay). Port; adapters per back end. */
public interface DigitalOutput extends AutoCloseable {

    String id();

    boolean isOn();

    /** Switches the output on or off; cancels a running pulse. */
    void set(boolean on);

    default void toggle() {
        set(!isOn());
    }

    /** Switches on now and off after {@code duration}; a pulse while one runs restarts the timer. */
    void pulse(Duration duration);

    /** Listens to every change (including the end of a pulse). */
    Subscription onChange(Consumer<OutputChange> listener);

    @Override
    void close();
}
