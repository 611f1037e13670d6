package org.openintercom.hal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openintercom.hal.Recorder;
import org.openintercom.hal.io.ButtonPress;
import org.openintercom.hal.io.ButtonPress.Kind;
import org.openintercom.hal.io.InputTiming;

/** Debounce and long-press logic shared by every button adapter. */
class DebouncedButtonTest {

    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final InputTiming TIMING = new InputTiming(Duration.ofMillis(20), Duration.ofMillis(250));

    private final DebouncedButton button = new DebouncedButton("call", TIMING, Clock.systemUTC(), () -> { });
    private final Recorder<ButtonPress> presses = new Recorder<>();

    {
        button.onPress(presses);
    }

    @Test
    void bouncing_edges_make_one_press() {
        for (int i = 0; i < 5; i++) {
            button.raw(true);
            button.raw(false);
        }
        button.raw(true);
        assertThat(presses.next(WAIT).kind()).isEqualTo(Kind.DOWN);
        for (int i = 0; i < 5; i++) {
            button.raw(false);
            button.raw(true);
        }
        button.raw(false);
        assertThat(presses.next(WAIT).kind()).isEqualTo(Kind.SHORT);
        Recorder.sleep(Duration.ofMillis(60));

        assertThat(presses.all()).extracting(ButtonPress::kind).containsExactly(Kind.DOWN, Kind.SHORT);
    }

    @Test
    void a_blip_shorter_than_the_debounce_time_is_no_press() {
        button.raw(true);
        Recorder.sleep(Duration.ofMillis(5));
        button.raw(false);
        Recorder.sleep(Duration.ofMillis(60));

        assertThat(presses.all()).isEmpty();
        assertThat(button.isPressed()).isFalse();
    }

    @Test
    void a_short_press_reports_down_then_short_with_the_time_held() {
        button.raw(true);
        ButtonPress down = presses.next(WAIT);
        assertThat(down.kind()).isEqualTo(Kind.DOWN);
        assertThat(down.held()).isZero();
        assertThat(button.isPressed()).isTrue();
        Recorder.sleep(Duration.ofMillis(50));
        button.raw(false);

        ButtonPress up = presses.next(WAIT);
        assertThat(up.kind()).isEqualTo(Kind.SHORT);
        assertThat(up.buttonId()).isEqualTo("call");
        assertThat(up.held()).isBetween(Duration.ofMillis(40), Duration.ofMillis(250));
        assertThat(up.at()).isEqualTo(down.at());
    }

    @Test
    void a_long_press_reports_long_once_at_the_threshold_and_no_short_after() {
        long start = System.nanoTime();
        button.raw(true);
        assertThat(presses.next(WAIT).kind()).isEqualTo(Kind.DOWN);
        ButtonPress held = presses.next(WAIT);
        Duration until = Duration.ofNanos(System.nanoTime() - start);
        assertThat(held.kind()).isEqualTo(Kind.LONG);
        assertThat(until).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(held.held()).isGreaterThanOrEqualTo(Duration.ofMillis(240));

        Recorder.sleep(Duration.ofMillis(300)); // still held: no second LONG
        button.raw(false);
        Recorder.await(() -> !button.isPressed(), WAIT);
        Recorder.sleep(Duration.ofMillis(60));

        assertThat(presses.all()).extracting(ButtonPress::kind).containsExactly(Kind.DOWN, Kind.LONG);
    }

    @Test
    void a_closed_button_reports_nothing_more() {
        button.raw(true);
        button.close();
        Recorder.sleep(Duration.ofMillis(60));

        assertThat(presses.all()).isEmpty();
    }
}
