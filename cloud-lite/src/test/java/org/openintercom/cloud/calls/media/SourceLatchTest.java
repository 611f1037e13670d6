package org.openintercom.cloud.calls.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.openintercom.cloud.calls.media.SourceLatch.Verdict;

/** The latch rules, one source at a time; times are in nanoseconds with a window of 1000. */
class SourceLatchTest {

    private static final long WINDOW = 1000;
    private static final InetSocketAddress SDP = at("10.0.0.2", 4000);
    private static final InetSocketAddress NAT = at("198.51.100.4", 31000);
    private static final InetSocketAddress SAME_IP = at("10.0.0.2", 4010);
    private static final InetSocketAddress STRANGER = at("192.0.2.66", 5000);

    private final SourceLatch latch = new SourceLatch();

    @Test
    void before_any_packet_media_goes_to_the_sdp_address() {
        latch.expect(SDP, null);

        assertThat(latch.destination()).isEqualTo(SDP);
        assertThat(latch.latched()).isNull();
    }

    @Test
    void a_wildcard_or_port_zero_sdp_address_is_nowhere_to_send() {
        latch.expect(at("0.0.0.0", 4000), null);
        assertThat(latch.destination()).isNull();
        latch.expect(at("10.0.0.2", 0), null);
        assertThat(latch.destination()).isNull();
    }

    @Test
    void the_first_packet_latches_whatever_its_source() {
        latch.expect(SDP, null);

        assertThat(latch.offer(NAT, 0, WINDOW)).isEqualTo(Verdict.LATCHED);
        assertThat(latch.offer(NAT, 10, WINDOW)).isEqualTo(Verdict.ACCEPTED);
        assertThat(latch.destination()).isEqualTo(NAT);
    }

    @Test
    void an_exact_sdp_match_is_final_at_once() {
        latch.expect(SDP, null);
        latch.offer(SDP, 0, WINDOW);

        assertThat(latch.offer(SAME_IP, 1, WINDOW)).isEqualTo(Verdict.FOREIGN);
        assertThat(latch.offer(STRANGER, 2, WINDOW)).isEqualTo(Verdict.FOREIGN);
        assertThat(latch.destination()).isEqualTo(SDP);
    }

    @Test
    void within_the_window_a_better_match_takes_over_and_a_worse_or_equal_one_does_not() {
        latch.expect(SDP, null);
        latch.offer(STRANGER, 0, WINDOW);

        assertThat(latch.offer(NAT, 100, WINDOW)).isEqualTo(Verdict.FOREIGN);
        assertThat(latch.offer(SAME_IP, 200, WINDOW)).isEqualTo(Verdict.LATCHED);
        assertThat(latch.offer(STRANGER, 300, WINDOW)).isEqualTo(Verdict.FOREIGN);
        assertThat(latch.offer(SDP, 1000, WINDOW)).isEqualTo(Verdict.LATCHED);
        assertThat(latch.destination()).isEqualTo(SDP);
    }

    @Test
    void after_the_window_the_latch_is_final_even_against_the_sdp_address() {
        latch.expect(SDP, null);
        latch.offer(NAT, 0, WINDOW);

        assertThat(latch.offer(SDP, 1001, WINDOW)).isEqualTo(Verdict.FOREIGN);
        assertThat(latch.destination()).isEqualTo(NAT);
    }

    @Test
    void the_signalling_source_ip_beats_a_stranger_within_the_window() {
        latch.expect(at("192.168.1.20", 10000), NAT.getAddress()); // private SDP address, public SIP source
        latch.offer(STRANGER, 0, WINDOW);

        assertThat(latch.offer(NAT, 500, WINDOW)).isEqualTo(Verdict.LATCHED);
        assertThat(latch.offer(STRANGER, 600, WINDOW)).isEqualTo(Verdict.FOREIGN);
    }

    @Test
    void a_new_sdp_address_starts_latching_over() {
        latch.expect(SDP, null);
        latch.offer(SDP, 0, WINDOW);

        latch.expect(at("10.0.0.3", 6000), null);

        assertThat(latch.latched()).isNull();
        assertThat(latch.offer(STRANGER, 5000, WINDOW)).isEqualTo(Verdict.LATCHED);
    }

    private static InetSocketAddress at(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
