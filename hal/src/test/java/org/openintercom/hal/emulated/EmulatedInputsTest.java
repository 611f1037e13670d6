package org.openintercom.hal.emulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openintercom.hal.Recorder;
import org.openintercom.hal.io.ButtonPress;
import org.openintercom.hal.io.InputChange;
import org.openintercom.hal.io.InputRole;
import org.openintercom.hal.io.InputTiming;

/** Emulated buttons and inputs fire the real debounced events. */
class EmulatedInputsTest {

    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final InputTiming TIMING = new InputTiming(Duration.ofMillis(20), Duration.ofMillis(200));

    @Test
    void an_input_reports_a_change_once_it_is_stable() {
        EmulatedDigitalInput input = new EmulatedDigitalInput("rex", InputRole.REQUEST_TO_EXIT, TIMING,
                Clock.systemUTC());
        Recorder<InputChange> changes = new Recorder<>();
        input.onChange(changes);

        input.simulateActive();
        assertThat(input.isActive()).as("not yet debounced").isFalse();
        InputChange change = changes.next(WAIT);

        assertThat(change.active()).isTrue();
        assertThat(change.inputId()).isEqualTo("rex");
        assertThat(change.role()).isEqualTo(InputRole.REQUEST_TO_EXIT);
        assertThat(input.isActive()).isTrue();
    }

    @Test
    void the_door_contact_reports_open_and_closed() {
        EmulatedDoorContact contact = new EmulatedDoorContact("door-contact", TIMING, Clock.systemUTC());
        Recorder<InputChange> changes = new Recorder<>();
        contact.onChange(changes);

        contact.simulateOpen();
        assertThat(changes.next(WAIT).active()).isTrue();
        contact.simulateClose();
        assertThat(changes.next(WAIT).active()).isFalse();

        assertThat(contact.role()).isEqualTo(InputRole.DOOR_CONTACT);
        assertThat(changes.all()).hasSize(2);
    }

    @Test
    void an_emulated_short_press_gives_down_then_short() {
        EmulatedCallButton button = new EmulatedCallButton("call", TIMING, Clock.systemUTC());
        Recorder<ButtonPress> presses = new Recorder<>();
        button.onPress(presses);

        button.press();

        assertThat(presses.next(WAIT).kind()).isEqualTo(ButtonPress.Kind.DOWN);
        assertThat(presses.next(WAIT).kind()).isEqualTo(ButtonPress.Kind.SHORT);
    }

    @Test
    void an_emulated_long_press_gives_down_then_long() {
        EmulatedCallButton button = new EmulatedCallButton("call", TIMING, Clock.systemUTC());
        Recorder<ButtonPress> presses = new Recorder<>();
        button.onPress(presses);

        button.longPress();

        assertThat(presses.next(WAIT).kind()).isEqualTo(ButtonPress.Kind.DOWN);
        assertThat(presses.next(WAIT).kind()).isEqualTo(ButtonPress.Kind.LONG);
        Recorder.await(() -> !button.isPressed(), WAIT);
        Recorder.sleep(Duration.ofMillis(50));
        assertThat(presses.all()).hasSize(2);
    }
}
