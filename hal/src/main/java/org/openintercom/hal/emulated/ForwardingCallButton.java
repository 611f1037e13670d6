package org.openintercom.hal.emulated;

import java.util.function.Consumer;
import org.openintercom.hal.Subscription;
import org.openintercom.hal.internal.DebouncedButton;
import org.openintercom.hal.io.ButtonPress;
import org.openintercom.hal.io.CallButton;

/** A {@link CallButton} that hands everything to a {@link DebouncedButton}; base of the emulated button. */
abstract class ForwardingCallButton implements CallButton {

    private final DebouncedButton delegate;

    ForwardingCallButton(DebouncedButton delegate) {
        this.delegate = delegate;
    }

    final DebouncedButton delegate() {
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
        return "emulated " + delegate;
    }
}
