package org.openintercom.cloud.calls.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MediaRelayTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int WAIT = 1000;
    private static final int QUIET = 150;

    private final BlockingQueue<SessionStats> idleReports = new LinkedBlockingQueue<>();
    private MediaRelay relay = givenRelay(Duration.ofSeconds(30));
    private final TestPhone alice = new TestPhone(0xA11CE);
    private final TestPhone bob = new TestPhone(0xB0B);

    @AfterEach
    void closeAll() {
        relay.close();
        alice.close();
        bob.close();
    }

    /** A relay on loopback; the latch window is long so a slow CI machine does not leave it by accident. */
    private MediaRelay givenRelay(Duration idleTimeout) {
        return givenRelay(idleTimeout, Duration.ofSeconds(3));
    }

    private MediaRelay givenRelay(Duration idleTimeout, Duration latchWindow) {
        return MediaRelay.start(MediaRelayConfig.builder().bindAddress(LOOPBACK).ports(24000, 24099)
                .idleTimeout(idleTimeout).latchWindow(latchWindow).build(), idleReports::add);
    }

    /** A session where each phone's SDP tells its real address. */
    private RelaySession givenCall(String callId) {
        RelaySession session = relay.open(callId);
        session.caller().expect(alice.sdp());
        session.callee().expect(bob.sdp());
        session.answeredBy(bob.sdp(), null);
        return session;
    }

    @Test
    void forwards_rtp_both_ways_unchanged_from_the_other_legs_port_and_counts_it() {
        RelaySession call = givenCall("call-1");
        byte[] srtpLike = TestPhone.rtp(0xA11CE, 7);
        srtpLike[40] = 0x5A; // any payload passes through untouched

        alice.send(srtpLike, call.caller().local().rtpPort());
        for (int i = 0; i < 4; i++) {
            alice.sendRtp(call.caller().local().rtpPort());
        }
        List<DatagramPacket> atBob = bob.drain(QUIET);
        for (int i = 0; i < 3; i++) {
            bob.sendRtp(call.callee().local().rtpPort());
        }
        List<DatagramPacket> atAlice = alice.drain(QUIET);

        assertThat(atBob).hasSize(5);
        assertThat(Arrays.copyOf(atBob.get(0).getData(), atBob.get(0).getLength())).isEqualTo(srtpLike);
        assertThat(atBob.get(0).getPort()).isEqualTo(call.callee().local().rtpPort());
        assertThat(atAlice).hasSize(3)
                .allSatisfy(p -> assertThat(p.getPort()).isEqualTo(call.caller().local().rtpPort()));
        SessionStats stats = call.stats();
        assertThat(stats.callerToCallee()).isEqualTo(new Flow(5, 5 * 172));
        assertThat(stats.calleeToCaller()).isEqualTo(new Flow(3, 3 * 172));
        assertThat(stats.dropped()).isZero();
        assertThat(stats.callerSource()).contains(alice.address());
        assertThat(stats.calleeSource()).contains(bob.address());
        RelayStats total = relay.stats();
        assertThat(total.openSessions()).isEqualTo(1);
        assertThat(total.portPairsInUse()).isEqualTo(2);
        assertThat(total.callerToCallee()).isEqualTo(new Flow(5, 5 * 172));
        assertThat(total.calleeToCaller()).isEqualTo(new Flow(3, 3 * 172));
    }

    @Test
    void an_offer_and_an_answer_rewritten_by_the_session_connect_the_phones() {
        RelaySession call = relay.open("call-sdp");
        String offer = "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + alice.address().getPort() + " RTP/SAVP 0\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n";
        String answer = "v=0\no=bob 2 2 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\n"
                + "m=audio " + bob.address().getPort() + " RTP/SAVP 0\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\n";

        String toBob = call.rewriteFromCaller(offer, LOOPBACK);
        byte[] toAlice = call.rewriteFromCallee(answer.getBytes(StandardCharsets.US_ASCII),
                LOOPBACK, true);

        assertThat(toBob).contains("m=audio " + call.callee().local().rtpPort() + " RTP/SAVP 0\r\n")
                .contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n");
        assertThat(new String(toAlice, StandardCharsets.US_ASCII))
                .contains("m=audio " + call.caller().local().rtpPort() + " RTP/SAVP 0\n");
        assertThat(call.answered()).isTrue();
        assertThat(call.caller().expected()).contains(alice.sdp());
        assertThat(call.callee().expected()).contains(bob.sdp());
        alice.sendRtp(call.caller().local().rtpPort());
        bob.sendRtp(call.callee().local().rtpPort());
        assertThat(bob.receive(WAIT)).isPresent();
        assertThat(alice.receive(WAIT)).isPresent();
    }

    @Test
    void early_media_sdp_from_a_branch_does_not_answer_the_call() {
        RelaySession call = relay.open("call-183");
        String answer = "v=0\nc=IN IP4 127.0.0.1\nm=audio " + bob.address().getPort() + " RTP/AVP 0\n";

        call.rewriteFromCallee(answer, LOOPBACK, false);

        assertThat(call.answered()).isFalse();
        assertThat(call.callee().expected()).contains(bob.sdp());
    }

    @Test
    void rtcp_goes_between_the_rtcp_ports() {
        try (TestPhone aliceRtcp = new TestPhone(1); TestPhone bobRtcp = new TestPhone(2)) {
            RelaySession call = relay.open("call-rtcp");
            call.caller().expect(new RemoteMedia(alice.address(), aliceRtcp.address()));
            call.answeredBy(new RemoteMedia(bob.address(), bobRtcp.address()), null);

            aliceRtcp.send(TestPhone.rtp(1, 1), call.caller().local().rtcpPort());
            bobRtcp.send(TestPhone.rtp(2, 1), call.callee().local().rtcpPort());

            assertThat(bobRtcp.receive(WAIT)).hasValueSatisfying(
                    p -> assertThat(p.getPort()).isEqualTo(call.callee().local().rtcpPort()));
            assertThat(aliceRtcp.receive(WAIT)).isPresent();
            assertThat(bob.receive(QUIET)).isEmpty();
            assertThat(call.caller().local().rtcpPort()).isEqualTo(call.caller().local().rtpPort() + 1);
        }
    }

    @Test
    void latches_to_the_source_a_phone_behind_nat_really_sends_from() throws Exception {
        RelaySession call = relay.open("call-nat");
        InetSocketAddress announced = deadAddress();
        call.caller().expect(RemoteMedia.of(announced.getAddress(), announced.getPort()));
        call.answeredBy(bob.sdp(), null);

        bob.sendRtp(call.callee().local().rtpPort()); // goes to the announced address: nobody there
        assertThat(alice.receive(QUIET)).isEmpty();
        alice.sendRtp(call.caller().local().rtpPort());
        assertThat(bob.receive(WAIT)).isPresent();
        bob.sendRtp(call.callee().local().rtpPort());

        assertThat(alice.receive(WAIT)).isPresent();
        assertThat(call.caller().latchedRtpSource()).contains(alice.address());
    }

    @Test
    void a_spoofer_cannot_take_an_established_stream() {
        try (TestPhone spoofer = new TestPhone(0xBAD)) {
            RelaySession call = givenCall("call-spoof");
            alice.sendRtp(call.caller().local().rtpPort());
            assertThat(bob.receive(WAIT)).isPresent();
            bob.sendRtp(call.callee().local().rtpPort());
            assertThat(alice.receive(WAIT)).isPresent();

            spoofer.sendRtp(call.caller().local().rtpPort());
            spoofer.sendRtp(call.callee().local().rtpPort());
            alice.sendRtp(call.caller().local().rtpPort());
            bob.sendRtp(call.callee().local().rtpPort());

            assertThat(bob.receive(WAIT)).hasValueSatisfying(p -> assertThat(TestPhone.ssrcOf(p)).isEqualTo(0xA11CE));
            assertThat(alice.receive(WAIT)).hasValueSatisfying(p -> assertThat(TestPhone.ssrcOf(p)).isEqualTo(0xB0B));
            assertThat(bob.receive(QUIET)).isEmpty();
            assertThat(alice.receive(QUIET)).isEmpty();
            assertThat(spoofer.receive(QUIET)).isEmpty();
            assertThat(call.stats().dropped()).isEqualTo(2);
            assertThat(call.caller().latchedRtpSource()).contains(alice.address());
            assertThat(call.callee().latchedRtpSource()).contains(bob.address());
        }
    }

    @Test
    void after_the_latch_window_even_the_sdp_address_cannot_take_over_a_nat_latch() throws Exception {
        relay.close();
        relay = givenRelay(Duration.ofSeconds(30), Duration.ofMillis(200));
        try (TestPhone announced = new TestPhone(0xBAD)) {
            RelaySession call = relay.open("call-nat-window");
            call.caller().expect(announced.sdp()); // alice's packets come from another port: score 1, not final
            call.answeredBy(bob.sdp(), null);
            alice.sendRtp(call.caller().local().rtpPort());
            assertThat(bob.receive(WAIT)).isPresent();

            Thread.sleep(400);
            announced.sendRtp(call.caller().local().rtpPort());

            assertThat(bob.receive(QUIET)).isEmpty();
            assertThat(call.caller().latchedRtpSource()).contains(alice.address());
            assertThat(call.stats().dropped()).isEqualTo(1);
        }
    }

    @Test
    void within_the_latch_window_the_sdp_address_wins_over_an_earlier_stranger() throws Exception {
        try (TestPhone stranger = new TestPhone(0x5EE)) {
            RelaySession call = relay.open("call-race");
            call.caller().expect(alice.sdp());
            call.answeredBy(bob.sdp(), null);

            stranger.sendRtp(call.caller().local().rtpPort());
            assertThat(bob.receive(WAIT)).isPresent();
            alice.sendRtp(call.caller().local().rtpPort());
            assertThat(bob.receive(WAIT)).isPresent();
            stranger.sendRtp(call.caller().local().rtpPort());
            bob.sendRtp(call.callee().local().rtpPort());

            assertThat(bob.receive(QUIET)).isEmpty();
            assertThat(alice.receive(WAIT)).isPresent();
            assertThat(stranger.receive(QUIET)).isEmpty();
            assertThat(call.caller().latchedRtpSource()).contains(alice.address());
        }
    }

    @Test
    void early_media_from_every_branch_reaches_the_caller_until_one_answers() {
        try (TestPhone branch1 = new TestPhone(0xB1); TestPhone branch2 = new TestPhone(0xB2)) {
            RelaySession call = relay.open("call-fork");
            call.caller().expect(alice.sdp());
            call.callee().expect(branch1.sdp()); // 183 from branch 1
            int calleePort = call.callee().local().rtpPort();

            branch1.sendRtp(calleePort);
            branch2.sendRtp(calleePort);
            List<DatagramPacket> early = alice.drain(QUIET);
            assertThat(early).extracting(TestPhone::ssrcOf).containsExactlyInAnyOrder(0xB1, 0xB2);

            call.answeredBy(branch2.sdp(), null); // 200 from branch 2
            branch1.sendRtp(calleePort); // still in flight before its CANCEL: latches for a moment
            assertThat(alice.receive(WAIT)).isPresent();
            branch2.sendRtp(calleePort); // the answering branch's SDP address takes over
            assertThat(alice.receive(WAIT)).hasValueSatisfying(p -> assertThat(TestPhone.ssrcOf(p)).isEqualTo(0xB2));
            branch1.sendRtp(calleePort);
            alice.sendRtp(call.caller().local().rtpPort());

            assertThat(alice.receive(QUIET)).isEmpty();
            assertThat(branch2.receive(WAIT)).isPresent();
            assertThat(branch1.drain(QUIET)).isEmpty();
            assertThat(call.callee().latchedRtpSource()).contains(branch2.address());
            assertThat(call.stats().dropped()).isEqualTo(1);
        }
    }

    @Test
    void the_answer_takes_the_latch_from_another_branch_even_with_the_sdp_of_an_earlier_183() {
        try (TestPhone branch1 = new TestPhone(0xB1); TestPhone branch2 = new TestPhone(0xB2)) {
            RelaySession call = relay.open("call-fork-same-sdp");
            call.caller().expect(alice.sdp());
            call.callee().expect(branch2.sdp()); // the last 183 came from branch 2
            branch1.sendRtp(call.callee().local().rtpPort()); // but branch 1's early media latched first
            assertThat(alice.receive(WAIT)).isPresent();

            call.answeredBy(branch2.sdp(), null);
            alice.sendRtp(call.caller().local().rtpPort());

            assertThat(branch2.receive(WAIT)).isPresent();
            assertThat(branch1.receive(QUIET)).isEmpty();
        }
    }

    @Test
    void an_idle_session_is_closed_and_reported() throws Exception {
        relay.close();
        relay = givenRelay(Duration.ofMillis(300));
        RelaySession call = relay.open("call-idle");
        call.caller().expect(alice.sdp());
        call.callee().expect(bob.sdp()); // early media: the idle clock starts with the first packet
        RelaySession ringing = relay.open("call-ringing"); // no packet, no answer: the idle clock does not run
        alice.sendRtp(call.caller().local().rtpPort());

        SessionStats report = idleReports.poll(3, TimeUnit.SECONDS);

        assertThat(report).isNotNull();
        assertThat(report.callId()).isEqualTo("call-idle");
        assertThat(report.callerToCallee().packets()).isEqualTo(1);
        assertThat(report.closed()).isTrue();
        assertThat(call.isClosed()).isTrue();
        assertThat(ringing.isClosed()).isFalse();
        assertThat(idleReports.poll(400, TimeUnit.MILLISECONDS)).isNull();
        RelayStats stats = relay.stats();
        assertThat(stats.openSessions()).isEqualTo(1);
        assertThat(stats.portPairsInUse()).isEqualTo(2);
        assertThat(stats.sessionsIdleClosed()).isEqualTo(1);
        assertThat(stats.callerToCallee().packets()).isEqualTo(1);
        assertThat(relay.session("call-idle")).isEmpty();
    }

    @Test
    void closing_a_session_returns_its_ports_at_once_and_twice_is_harmless() throws Exception {
        RelaySession call = givenCall("call-close");
        alice.sendRtp(call.caller().local().rtpPort());
        assertThat(bob.receive(WAIT)).isPresent();

        call.close();
        call.close();

        assertThat(call.isClosed()).isTrue();
        assertThat(relay.stats().portPairsInUse()).isZero();
        assertThat(relay.stats().callerToCallee().packets()).isEqualTo(1);
        try (DatagramSocket rebound = new DatagramSocket(
                new InetSocketAddress(LOOPBACK, call.caller().local().rtpPort()))) {
            assertThat(rebound.getLocalPort()).isEqualTo(call.caller().local().rtpPort());
        }
        alice.sendRtp(call.caller().local().rtpPort());
        assertThat(bob.receive(QUIET)).isEmpty();
    }

    @Test
    void closing_the_relay_closes_every_session_and_ends_its_thread() throws Exception {
        RelaySession call = givenCall("call-end");

        relay.close();
        relay.close();

        assertThat(call.isClosed()).isTrue();
        assertThat(relay.stats().portPairsInUse()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("media-relay-io"));
        try (DatagramSocket rebound = new DatagramSocket(
                new InetSocketAddress(LOOPBACK, call.callee().local().rtcpPort()))) {
            assertThat(rebound.isBound()).isTrue();
        }
        assertThatThrownBy(() -> relay.open("late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void calls_are_spread_over_the_io_threads_and_each_forwards_its_own_packets() {
        relay.close();
        relay = MediaRelay.start(MediaRelayConfig.builder().bindAddress(LOOPBACK).ports(24000, 24099)
                .ioThreads(3).build(), idleReports::add);
        List<TestPhone> phones = new ArrayList<>();
        try {
            List<RelaySession> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                TestPhone a = new TestPhone(0x100 + i);
                TestPhone b = new TestPhone(0x200 + i);
                phones.add(a);
                phones.add(b);
                RelaySession call = relay.open("spread-" + i);
                call.caller().expect(a.sdp());
                call.callee().expect(b.sdp());
                call.answeredBy(b.sdp(), null);
                calls.add(call);
            }
            assertThat(calls.stream().map(RelaySession::loop).distinct()).hasSize(3);
            assertThat(calls.stream().collect(java.util.stream.Collectors.groupingBy(RelaySession::loop,
                    java.util.stream.Collectors.counting())).values()).containsOnly(2L);

            for (int i = 0; i < 6; i++) {
                TestPhone a = phones.get(2 * i);
                TestPhone b = phones.get(2 * i + 1);
                a.sendRtp(calls.get(i).caller().local().rtpPort());
                a.sendRtp(calls.get(i).caller().local().rtpPort());
                b.sendRtp(calls.get(i).callee().local().rtpPort());
            }
            for (int i = 0; i < 6; i++) {
                assertThat(phones.get(2 * i + 1).drain(QUIET)).as("callee of call %d", i).hasSize(2);
                assertThat(phones.get(2 * i).drain(QUIET)).as("caller of call %d", i).hasSize(1);
            }
            assertThat(relay.stats().callerToCallee().packets()).isEqualTo(12);

            calls.get(0).close();
            assertThat(relay.stats().openSessions()).isEqualTo(5);
            relay.close();
            assertThat(relay.stats().portPairsInUse()).isZero();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("media-relay-io"));
        } finally {
            phones.forEach(TestPhone::close);
        }
    }

    @Test
    void sessions_opened_and_closed_from_many_threads_leave_no_port_behind() throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicInteger forwarded = new AtomicInteger();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.add(Thread.ofVirtual().start(() -> {
                try (TestPhone a = new TestPhone(thread); TestPhone b = new TestPhone(100 + thread)) {
                    for (int i = 0; i < 25; i++) {
                        RelaySession call = relay.open("call-" + thread + "-" + i);
                        call.caller().expect(a.sdp());
                        call.answeredBy(b.sdp(), null);
                        a.sendRtp(call.caller().local().rtpPort());
                        if (b.receive(WAIT).isPresent()) {
                            forwarded.incrementAndGet();
                        }
                        call.close();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(20_000);
        }

        assertThat(forwarded.get()).isEqualTo(200);
        RelayStats stats = relay.stats();
        assertThat(stats.openSessions()).isZero();
        assertThat(stats.portPairsInUse()).isZero();
        assertThat(stats.sessionsOpened()).isEqualTo(200);
        assertThat(stats.callerToCallee().packets()).isEqualTo(200);
    }

    @Test
    void running_out_of_ports_is_reported_without_leaking_the_half_taken_pair() {
        relay.close();
        relay = MediaRelay.start(MediaRelayConfig.builder().bindAddress(LOOPBACK).ports(24100, 24105).build(),
                MediaRelayListener.NONE);
        relay.open("first");

        assertThatThrownBy(() -> relay.open("second")).isInstanceOf(MediaPortsExhaustedException.class)
                .hasMessageContaining("24100..24105");
        assertThat(relay.stats().portPairsInUse()).isEqualTo(2);
    }

    @Test
    void a_call_id_gets_one_session_only() {
        relay.open("twice");

        assertThatThrownBy(() -> relay.open("twice")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("twice");
        assertThat(relay.stats().portPairsInUse()).isEqualTo(2);
    }

    @Test
    void packets_that_are_not_rtp_are_dropped() {
        RelaySession call = givenCall("call-stun");

        alice.send(new byte[] {0, 1, 0, 0, 0x21, 0x12, (byte) 0xA4, 0x42, 0, 0, 0, 0}, call.caller().local().rtpPort());
        alice.send(new byte[] {(byte) 0x80, 0}, call.caller().local().rtpPort());

        assertThat(bob.receive(QUIET)).isEmpty();
        assertThat(call.stats().dropped()).isEqualTo(2);
        assertThat(call.stats().callerSource()).isEmpty();
    }

    @Test
    void dtls_records_pass_for_dtls_srtp_between_the_phones() {
        RelaySession call = givenCall("call-dtls");
        byte[] clientHello = new byte[60];
        clientHello[0] = 22; // DTLS handshake record
        clientHello[1] = (byte) 0xFE;
        clientHello[2] = (byte) 0xFD;

        alice.send(clientHello, call.caller().local().rtpPort());

        assertThat(bob.receive(WAIT)).hasValueSatisfying(p -> assertThat(p.getData()[0]).isEqualTo((byte) 22));
    }

    @Test
    void the_advertised_address_is_what_the_legs_show() throws Exception {
        relay.close();
        relay = MediaRelay.start(MediaRelayConfig.builder().bindAddress(LOOPBACK)
                .advertisedAddress(InetAddress.getByName("203.0.113.9")).ports(24000, 24099).build(),
                MediaRelayListener.NONE);

        LocalMedia local = relay.open("call-nat-relay").caller().local();

        assertThat(local.address()).isEqualTo(InetAddress.getByName("203.0.113.9"));
        assertThat(local.rtpPort() % 2).isZero();
    }

    private static InetSocketAddress deadAddress() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }
    }
}
