package org.openintercom.agent.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.openintercom.agent.sip.internal.RegistrationTiming.Binding;

class RegistrationTimingTest {

    private static final String OURS = "sip:door@127.0.0.1:5060;transport=udp";

    @Test
    void takes_the_expires_of_our_contact_before_the_expires_header() {
        List<Binding> bindings = List.of(new Binding("sip:other@10.0.0.9:5060", 3600),
                new Binding("sip:door@127.0.0.1:5060;transport=UDP", 120));

        assertThat(RegistrationTiming.granted(bindings, OURS, OptionalInt.of(600), 900)).isEqualTo(120);
    }

    @Test
    void falls_back_to_the_expires_header_then_to_what_was_asked() {
        List<Binding> noParam = List.of(new Binding("<sip:door@127.0.0.1:5060>", -1));

        assertThat(RegistrationTiming.granted(noParam, OURS, OptionalInt.of(300), 900)).isEqualTo(300);
        assertThat(RegistrationTiming.granted(List.of(), OURS, OptionalInt.empty(), 900)).isEqualTo(900);
    }

    @Test
    void refreshes_at_half_the_granted_time() {
        assertThat(RegistrationTiming.refreshAfter(600)).isEqualTo(Duration.ofSeconds(300));
        assertThat(RegistrationTiming.refreshAfter(5)).isEqualTo(Duration.ofMillis(2500));
        assertThat(RegistrationTiming.refreshAfter(0)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void retries_after_1_s_doubling_up_to_60_s_with_jitter() {
        assertThat(RegistrationTiming.retryAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RegistrationTiming.retryAfter(2, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RegistrationTiming.retryAfter(4, 0.5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(RegistrationTiming.retryAfter(7, 0.5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RegistrationTiming.retryAfter(50, 0.99)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RegistrationTiming.retryAfter(1, 0.0)).isEqualTo(Duration.ofMillis(800));
        assertThat(RegistrationTiming.retryAfter(1, 0.999)).isBetween(Duration.ofMillis(1190),
                Duration.ofMillis(1200));
    }
}
