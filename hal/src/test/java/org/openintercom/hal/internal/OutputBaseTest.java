package org.openintercom.hal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openintercom.hal.Recorder;
import org.openintercom.hal.emulated.EmulatedDigitalOutput;
import org.openintercom.hal.emulated.EmulatedDoorRelay;
import org.openintercom.hal.io.OutputChange;
import org.openintercom.hal.io.RelayMode;

/** Output and relay behaviour shared by every adapter: pulses, modes, closing. */
class OutputBaseTest {

    private static final Duration WAIT = Duration.ofSeconds(2);

    @Test
    void a_pulse_ends_after_its_time() {
        EmulatedDigitalOutput led = new EmulatedDigitalOutput("led");
        long start = System.nanoTime();

        led.pulse(Duration.ofMillis(80));
        assertThat(led.isOn()).isTrue();
        assertThat(led.isPulsing()).isTrue();

        assertThat(led.awaitPulses(1, WAIT)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
        assertThat(led.isOn()).isFalse();
        assertThat(led.isPulsing()).isFalse();
        assertThat(led.history()).extracting(OutputChange::on).containsExactly(true, false);
    }

    @Test
    void a_pulse_while_one_runs_restarts_the_timer() {
        EmulatedDigitalOutput led = new EmulatedDigitalOutput("led");
        led.pulse(Duration.ofMillis(150));
        Recorder.sleep(Duration.ofMillis(100));
        long restarted = System.nanoTime();
        led.pulse(Duration.ofMillis(150));

        Recorder.sleep(Duration.ofMillis(100));
        assertThat(led.isOn()).as("still on 200 ms after the first pulse began").isTrue();
        assertThat(led.awaitPulses(1, WAIT)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(led.history()).extracting(OutputChange::on).containsExactly(true, false);
    }

    @Test
    void set_cancels_a_running_pulse() {
        EmulatedDigitalOutput led = new EmulatedDigitalOutput("led");
        led.pulse(Duration.ofMillis(50));
        led.set(true);

        Recorder.sleep(Duration.ofMillis(120));
        assertThat(led.isOn()).isTrue();
        assertThat(led.isPulsing()).isFalse();
    }

    @Test
    void listeners_hear_every_change_including_the_end_of_a_pulse() {
        EmulatedDigitalOutput led = new EmulatedDigitalOutput("led");
        Recorder<OutputChange> changes = new Recorder<>();
        led.onChange(changes);

        led.pulse(Duration.ofMillis(30));

        assertThat(changes.next(WAIT).on()).isTrue();
        OutputChange off = changes.next(WAIT);
        assertThat(off.on()).isFalse();
        assertThat(off.outputId()).isEqualTo("led");
    }

    @Test
    void a_pulse_must_last_some_time() {
        EmulatedDigitalOutput led = new EmulatedDigitalOutput("led");

        assertThatThrownBy(() -> led.pulse(Duration.ZERO)).hasMessageContaining("positive");
    }

    @Test
    void a_pulse_relay_opens_for_its_pulse_time() {
        EmulatedDoorRelay relay = new EmulatedDoorRelay("door", RelayMode.PULSE, Duration.ofMillis(60));

        relay.open();
        assertThat(relay.isOn()).isTrue();

        assertThat(relay.awaitPulses(1, WAIT)).isTrue();
        assertThat(relay.isOn()).isFalse();
        assertThat(relay.openCount()).isEqualTo(1);
    }

    @Test
    void a_bistable_relay_toggles_with_each_open() {
        EmulatedDoorRelay relay = new EmulatedDoorRelay("door", RelayMode.BISTABLE, Duration.ofSeconds(1));

        relay.open();
        assertThat(relay.isOn()).isTrue();
        relay.open();
        assertThat(relay.isOn()).isFalse();
        relay.open();
        assertThat(relay.isOn()).isTrue();
        Recorder.sleep(Duration.ofMillis(30));
        assertThat(relay.isPulsing()).isFalse();
    }

    @Test
    void a_hold_relay_stays_open_until_released() {
        EmulatedDoorRelay relay = new EmulatedDoorRelay("door", RelayMode.HOLD, Duration.ofMillis(30));

        relay.open();
        Recorder.sleep(Duration.ofMillis(80));
        assertThat(relay.isOn()).isTrue();

        relay.release();
        assertThat(relay.isOn()).isFalse();
    }

    @Test
    void closing_switches_off_and_refuses_further_use() {
        EmulatedDoorRelay relay = new EmulatedDoorRelay("door", RelayMode.PULSE, Duration.ofMillis(50));
        relay.open();

        relay.close();
        assertThat(relay.isOn()).isFalse();
        assertThat(relay.isPulsing()).isFalse();
        Recorder.sleep(Duration.ofMillis(100)); // the cancelled pulse timer does nothing
        assertThat(relay.history()).extracting(OutputChange::on).containsExactly(true, false);
        assertThatThrownBy(relay::open).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        relay.close();
    }
}
