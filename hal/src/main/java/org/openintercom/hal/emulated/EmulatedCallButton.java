package org.openintercom.hal.emulated;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openintercom.hal.internal.DebouncedButton;
import org.openintercom.hal.internal.ForwardingCallButton;
import org.openintercom.hal.internal.HalScheduler;
import org.openintercom.hal.io.InputTiming;

/**
 * A call button pressed by code: {@link #press()}, {@link #longPress()} and {@link #hold(Duration)} feed raw
 * levels into the same debounce and long-press logic the GPIO adapter uses, so the events are the real ones.
 */
public final class EmulatedCallButton extends ForwardingCallButton {

    private final InputTiming timing;

    public EmulatedCallButton(String id, InputTiming timing, Clock clock) {
        super(new DebouncedButton(id, timing, clock, () -> { }));
        this.timing = timing;
    }

    /** A short press: down now, released after the debounce time plus 50 ms. Returns at once. */
    public void press() {
        hold(timing.debounce().plusMillis(50));
    }

    /** A press held 100 ms past the long-press time. Returns at once. */
    public void longPress() {
        hold(timing.longPress().plusMillis(100));
    }

    /** Holds the button down for {@code duration}, including a little contact bounce at the start. */
    public void hold(Duration duration) {
        DebouncedButton button = delegate();
        button.raw(true);
        button.raw(false);
        button.raw(true);
        HalScheduler.timers().schedule(() -> button.raw(false), duration.toNanos(), TimeUnit.NANOSECONDS);
    }
}
