package org.openintercom.hal.internal;

import java.time.Clock;
import java.util.function.Consumer;
import org.openintercom.hal.Subscription;
import org.openintercom.hal.io.DigitalInput;
import org.openintercom.hal.io.InputChange;
import org.openintercom.hal.io.InputRole;
import org.openintercom.hal.io.InputTiming;

/**
 * A {@link DigitalInput} fed with raw levels by a back end ({@link #raw(boolean)}) and reporting debounced
 * {@link InputChange}s; every adapter delegates to it so hardware and emulation share one code path.
 */
public final class DebouncedInput implements DigitalInput {

    private final String id;
    private final InputRole role;
    private final Clock clock;
    private final Debouncer debouncer;
    private final Listeners<InputChange> listeners;
    private final Runnable onClose;

    public DebouncedInput(String id, InputRole role, boolean initial, InputTiming timing, Clock clock,
            Runnable onClose) {
        this.id = id;
        this.role = role;
        this.clock = clock;
        this.onClose = onClose;
        this.listeners = new Listeners<>("input " + id);
        this.debouncer = new Debouncer(initial, timing.debounce(), HalScheduler.timers(), this::changed);
    }

    /** A raw (undebounced) level from the back end: true when active. */
    public void raw(boolean active) {
        debouncer.raw(active);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InputRole role() {
        return role;
    }

    @Override
    public boolean isActive() {
        return debouncer.stable();
    }

    @Override
    public Subscription onChange(Consumer<InputChange> listener) {
        return listeners.add(listener);
    }

    @Override
    public void close() {
        debouncer.cancel();
        listeners.clear();
        onClose.run();
    }

    private void changed(boolean active) {
        listeners.fire(new InputChange(id, role, active, clock.instant()));
    }

    @Override
    public String toString() {
        return "input " + id + " (" + role + ")";
    }
}
