package org.openintercom.hal.internal;

import java.util.function.Consumer;
import org.openintercom.hal.Subscription;
import org.openintercom.hal.io.DigitalInput;
import org.openintercom.hal.io.InputChange;
import org.openintercom.hal.io.InputRole;

/** A {@link DigitalInput} that hands everything to a {@link DebouncedInput}; base of the Pi4J and emulated inputs. */
public abstract class ForwardingDigitalInput implements DigitalInput {

    private final DebouncedInput delegate;

    protected ForwardingDigitalInput(DebouncedInput delegate) {
        this.delegate = delegate;
    }

    protected final DebouncedInput delegate() {
        return delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public InputRole role() {
        return delegate.role();
    }

    @Override
    public boolean isActive() {
        return delegate.isActive();
    }

    @Override
    public Subscription onChange(Consumer<InputChange> listener) {
        return delegate.onChange(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + delegate.id() + " (" + delegate.role() + ")";
    }
}
