package org.openintercom.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openintercom.cloud.calls.media.MediaRelay;
import org.openintercom.cloud.calls.media.MediaRelayConfig;
import org.openintercom.cloud.calls.media.MediaRelayListener;
import org.openintercom.cloud.calls.media.RemoteMedia;
import org.openintercom.cloud.calls.media.SdpRewriter;

class MediaRelayNgServerTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private MediaRelay relay;
    private MediaRelayNgServer server;

    @BeforeEach
    void givenARelayOnLoopback() {
        relay = MediaRelay.start(MediaRelayConfig.builder().bindAddress(LOOPBACK).advertisedAddress(LOOPBACK)
                .ports(42000, 42999).idleTimeout(Duration.ofMinutes(5)).build(), MediaRelayListener.NONE);
        server = new MediaRelayNgServer(relay);
    }

    @AfterEach
    void closeRelay() {
        relay.close();
    }

    private static String sdp(int port) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    private Map<String, Object> handle(Map<String, Object> body) {
        return server.handle(new NgMessage("t1", body));
    }

    private static InetSocketAddress relayPort(Object sdp) {
        return SdpRewriter.remoteMedia((String) sdp).map(RemoteMedia::rtp).orElseThrow();
    }

    @Test
    void answers_ping_with_pong() {
        assertThat(handle(Map.of("command", "ping"))).containsEntry("result", "pong");
    }

    @Test
    void offer_and_answer_point_each_phone_at_its_own_leg_and_delete_closes_the_session() {
        Map<String, Object> offer = handle(Map.of("command", "offer", "call-id", "c1", "from-tag", "a",
                "sdp", sdp(40000)));
        Map<String, Object> answer = handle(Map.of("command", "answer", "call-id", "c1", "from-tag", "a",
                "to-tag", "b", "sdp", sdp(40002)));

        assertThat(offer).containsEntry("result", "ok");
        assertThat(answer).containsEntry("result", "ok");
        var session = relay.session("c1").orElseThrow();
        assertThat(relayPort(offer.get("sdp")).getPort()).isEqualTo(session.callee().local().rtpPort());
        assertThat(relayPort(answer.get("sdp")).getPort()).isEqualTo(session.caller().local().rtpPort());
        assertThat(session.answered()).isTrue();

        assertThat(handle(Map.of("command", "delete", "call-id", "c1", "from-tag", "a")))
                .containsEntry("result", "ok");
        assertThat(relay.session("c1")).isEmpty();
    }

    @Test
    void unknown_calls_and_commands_are_errors_with_a_reason() {
        assertThat(handle(Map.of("command", "answer", "call-id", "nope", "sdp", sdp(40000))))
                .containsEntry("result", "error").containsEntry("error-reason", "unknown call-id nope");
        assertThat(handle(Map.of("command", "list"))).containsEntry("result", "error");
        assertThat(handle(Map.of("command", "offer", "call-id", "c2"))).containsEntry("error-reason",
                "missing key sdp");
    }
}
