package org.openintercom.hal.io;

import java.util.function.Consumer;
import org.openintercom.hal.Subscription;

/** A call button (or any push button) with debounce and long-press detection. Port. */
public interface CallButton extends AutoCloseable {

    String id();

    /** True while the button is held down (debounced). */
    boolean isPressed();

    /** Listens to presses; called on a HAL thread, keep it short. */
    Subscription onPress(Consumer<ButtonPress> listener);

    @Override
    void close();
}
