package org.openintercom.hal.io;

import java.util.function.Consumer;
import org.openintercom.hal.Subscription;

/** A debounced digital input (door contact, tamper, request-to-exit...). Port; adapters per back end. */
public interface DigitalInput extends AutoCloseable {

    String id();

    InputRole role();

    /** The current debounced level: true when active (door open, tamper open, button held). */
    boolean isActive();

    /** Listens to debounced changes; called on a HAL thread, keep it short. */
    Subscription onChange(Consumer<InputChange> listener);

    @Override
    void close();
}
