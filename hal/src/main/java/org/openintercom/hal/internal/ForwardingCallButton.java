package org.openintercom.hal.internal;

import java.util.function.Consumer;
import org.openintercom.hal.Subscription;
import org.openintercom.hal.io.ButtonPress;
import org.openintercom.hal.io.CallButton;

/** A {@link CallButton} that hands everything to a {@link DebouncedButton}; base of the Pi4J and emulated buttons. */
public abstract class ForwardingCallButton implements CallButton {

    private final DebouncedButton delegate;

    protected ForwardingCallButton(DebouncedButton delegate) {
        this.delegate = delegate;
    }

    protected final DebouncedButton delegate() {
        return delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public boolean isPressed() {
        return delegate.isPressed();
    }

    @Override
    public Subscription onPress(Consumer<ButtonPress> listener) {
        return delegate.onPress(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " " + delegate.id();
    }
}
