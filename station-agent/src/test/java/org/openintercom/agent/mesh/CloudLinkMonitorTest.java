package org.openintercom.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.openintercom.agent.sip.RegistrationStatus;
import org.openintercom.agent.testing.MutableClock;

/** The cloud/mesh decision over a clock the test moves: thresholds, hysteresis, flapping, unclaimed stations. */
class CloudLinkMonitorTest {

    private static final Duration FAIL_AFTER = Duration.ofSeconds(15);
    private static final Duration RECOVER_AFTER = Duration.ofSeconds(30);
    private static final RegistrationStatus REGISTERED = RegistrationStatus.registered(Instant.EPOCH, "registered");
    private static final RegistrationStatus FAILED = RegistrationStatus.failed("timeout");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final FakeSignals signals = new FakeSignals();
    private final List<String> changes = new CopyOnWriteArrayList<>();
    private final CloudLinkMonitor monitor = new CloudLinkMonitor("door", FAIL_AFTER, RECOVER_AFTER, clock, signals,
            (from, to, why) -> changes.add(from + "->" + to));

    /** What the monitor samples, set by the test. */
    static final class FakeSignals implements CloudLinkMonitor.Signals {
        volatile boolean claimed = true;
        volatile boolean channel = true;
        volatile RegistrationStatus registration = REGISTERED;

        void cloud(boolean up) {
            channel = up;
            registration = up ? REGISTERED : FAILED;
        }

        @Override
        public boolean claimed() {
            return claimed;
        }

        @Override
        public boolean channelUp() {
            return channel;
        }

        @Override
        public RegistrationStatus registration() {
            return registration;
        }
    }

    /** Checks now, then moves the clock by {@code total} in one-second checks, as the station does. */
    private void runFor(Duration total) {
        monitor.check();
        for (long s = 0; s < total.toSeconds(); s++) {
            clock.advance(Duration.ofSeconds(1));
            monitor.check();
        }
    }

    @Test
    void a_claimed_station_with_the_cloud_up_calls_through_the_cloud() {
        assertThat(monitor.check()).isEqualTo(LinkMode.CLOUD);
        runFor(Duration.ofMinutes(5));
        assertThat(monitor.mode()).isEqualTo(LinkMode.CLOUD);
        assertThat(changes).containsExactly("STANDALONE->CLOUD");
    }

    @Test
    void cut_cloud_means_mesh_only_after_the_threshold() {
        monitor.check();
        signals.cloud(false);
        monitor.check();
        runFor(FAIL_AFTER.minusSeconds(1));
        assertThat(monitor.mode()).as("14 s without the cloud").isEqualTo(LinkMode.CLOUD);
        runFor(Duration.ofSeconds(1));
        assertThat(monitor.mode()).as("15 s without the cloud").isEqualTo(LinkMode.MESH);
        assertThat(changes).containsExactly("STANDALONE->CLOUD", "CLOUD->MESH");
    }

    @Test
    void the_device_channel_alone_down_or_the_relay_alone_failing_counts_as_unreachable() {
        monitor.check();
        signals.channel = false;
        runFor(FAIL_AFTER);
        assertThat(monitor.mode()).isEqualTo(LinkMode.MESH);

        CloudLinkMonitor other = new CloudLinkMonitor("door", FAIL_AFTER, RECOVER_AFTER, clock, signals,
                (from, to, why) -> { });
        signals.channel = true;
        signals.registration = FAILED;
        other.check();
        for (int i = 0; i <= FAIL_AFTER.toSeconds(); i++) {
            clock.advance(Duration.ofSeconds(1));
            other.check();
        }
        assertThat(other.mode()).isEqualTo(LinkMode.MESH);
    }

    @Test
    void a_flapping_link_does_not_flap_the_mode() {
        monitor.check();
        for (int i = 0; i < 30; i++) { // 3 minutes: down 4 s, up 2 s
            signals.cloud(false);
            runFor(Duration.ofSeconds(4));
            signals.cloud(true);
            runFor(Duration.ofSeconds(2));
        }
        assertThat(changes).as("never down for 15 s in a row").containsExactly("STANDALONE->CLOUD");

        signals.cloud(false);
        runFor(FAIL_AFTER);
        assertThat(monitor.mode()).isEqualTo(LinkMode.MESH);
        for (int i = 0; i < 30; i++) { // up 10 s, down 3 s
            signals.cloud(true);
            runFor(Duration.ofSeconds(10));
            signals.cloud(false);
            runFor(Duration.ofSeconds(3));
        }
        assertThat(changes).as("never up for 30 s in a row").containsExactly("STANDALONE->CLOUD", "CLOUD->MESH");
    }

    @Test
    void back_to_the_cloud_only_after_it_was_reachable_for_the_stable_period() {
        monitor.check();
        signals.cloud(false);
        runFor(FAIL_AFTER);
        assertThat(monitor.mode()).isEqualTo(LinkMode.MESH);

        signals.cloud(true);
        runFor(RECOVER_AFTER.minusSeconds(1));
        assertThat(monitor.mode()).as("29 s with the cloud").isEqualTo(LinkMode.MESH);
        runFor(Duration.ofSeconds(1));
        assertThat(monitor.mode()).as("30 s with the cloud").isEqualTo(LinkMode.CLOUD);
        assertThat(changes).containsExactly("STANDALONE->CLOUD", "CLOUD->MESH", "MESH->CLOUD");
    }

    @Test
    void a_relay_still_registering_after_the_cloud_came_back_keeps_the_mesh() {
        monitor.check();
        signals.cloud(false);
        runFor(FAIL_AFTER);
        signals.channel = true;
        signals.registration = RegistrationStatus.registering("REGISTER sent");
        runFor(RECOVER_AFTER.multipliedBy(2));
        assertThat(monitor.mode()).isEqualTo(LinkMode.MESH);
        signals.registration = REGISTERED;
        runFor(RECOVER_AFTER);
        assertThat(monitor.mode()).isEqualTo(LinkMode.CLOUD);
    }

    @Test
    void an_unclaimed_station_is_standalone_whatever_the_links_say() {
        signals.claimed = false;
        signals.cloud(false);
        runFor(Duration.ofMinutes(2));
        assertThat(monitor.mode()).isEqualTo(LinkMode.STANDALONE);
        assertThat(changes).isEmpty();

        signals.claimed = true;
        signals.cloud(true);
        monitor.check();
        signals.cloud(false);
        runFor(FAIL_AFTER);
        assertThat(monitor.mode()).isEqualTo(LinkMode.MESH);
        signals.claimed = false; // unclaimed while offline
        monitor.check();
        assertThat(monitor.mode()).isEqualTo(LinkMode.STANDALONE);
        assertThat(changes).containsExactly("STANDALONE->CLOUD", "CLOUD->MESH", "MESH->STANDALONE");
    }

    @Test
    void a_forced_mode_holds_until_released() {
        monitor.check();
        monitor.force(Optional.of(LinkMode.MESH));
        runFor(Duration.ofMinutes(1));
        assertThat(monitor.mode()).isEqualTo(LinkMode.MESH);
        monitor.force(Optional.empty());
        runFor(RECOVER_AFTER);
        assertThat(monitor.mode()).isEqualTo(LinkMode.CLOUD);
    }

    @Test
    void one_call_the_relay_did_not_answer_alone_never_changes_the_mode() {
        runFor(Duration.ofSeconds(5));
        Instant pressed = clock.instant();
        runFor(Duration.ofSeconds(2)); // the answer timeout
        monitor.relayUnanswered(pressed, "no response from the relay within 2 s");
        runFor(Duration.ofMinutes(2));
        assertThat(monitor.mode()).isEqualTo(LinkMode.CLOUD);
        assertThat(changes).containsExactly("STANDALONE->CLOUD");
    }

    @Test
    void a_second_unanswered_call_within_fail_after_means_mesh_counted_from_the_first() {
        runFor(Duration.ofSeconds(5));
        Instant first = clock.instant();
        runFor(Duration.ofSeconds(2));
        monitor.relayUnanswered(first, "no response from the relay within 2 s");
        runFor(Duration.ofSeconds(8));
        Instant second = clock.instant();
        runFor(Duration.ofSeconds(2));
        monitor.relayUnanswered(second, "no response from the relay within 2 s");
        runFor(FAIL_AFTER.minusSeconds(13)); // first + 14 s
        assertThat(monitor.mode()).isEqualTo(LinkMode.CLOUD);
        runFor(Duration.ofSeconds(1)); // first + 15 s
        assertThat(monitor.mode()).isEqualTo(LinkMode.MESH);
    }

    @Test
    void an_unanswered_call_dates_a_cut_back_to_when_the_relay_went_silent() {
        runFor(Duration.ofSeconds(5));
        Instant pressed = clock.instant();
        runFor(Duration.ofSeconds(2));
        monitor.relayUnanswered(pressed, "no response from the relay within 2 s");
        runFor(Duration.ofSeconds(6));
        signals.cloud(false); // the MQTT keepalive notices the silent cut 8 s after the press
        runFor(FAIL_AFTER.minusSeconds(9)); // pressed + 14 s
        assertThat(monitor.mode()).isEqualTo(LinkMode.CLOUD);
        runFor(Duration.ofSeconds(1));
        assertThat(monitor.mode()).as("fail-after from the press, not from the keepalive").isEqualTo(LinkMode.MESH);
    }

    @Test
    void the_relay_answering_again_clears_an_unanswered_call() {
        runFor(Duration.ofSeconds(5));
        Instant first = clock.instant();
        runFor(Duration.ofSeconds(2));
        monitor.relayUnanswered(first, "no response from the relay within 2 s");
        runFor(Duration.ofSeconds(3));
        monitor.relayAnswered(); // a later call got its 100 Trying
        runFor(Duration.ofSeconds(3));
        Instant second = clock.instant();
        runFor(Duration.ofSeconds(2));
        monitor.relayUnanswered(second, "no response from the relay within 2 s");
        runFor(Duration.ofSeconds(10)); // first + 20 s: the first call counts no more
        assertThat(monitor.mode()).isEqualTo(LinkMode.CLOUD);
    }
}
