package org.openintercom.cloud.calls.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SdpRewriterTest {

    /** A baresip offer with SDES-SRTP, RTCP port, rtcp-mux and ICE (candidates as a NATed baresip sends them). */
    private static final String BARESIP_OFFER = String.join("\r\n",
            "v=0",
            "o=- 1785243406 2785243406 IN IP4 192.168.1.20",
            "s=-",
            "c=IN IP4 192.168.1.20",
            "t=0 0",
            "a=ice-lite",
            "m=audio 10000 RTP/SAVP 111 9 8 0 101",
            "b=AS:64",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 stereo=1;sprop-stereo=1",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=rtcp:10001",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20",
            "a=ptime:20",
            "a=sendrecv",
            "a=rtcp-mux",
            "a=ice-ufrag:8hhY",
            "a=ice-pwd:asd88fgpdd777uzjYhagZg",
            "a=candidate:1 1 UDP 2130706431 192.168.1.20 10000 typ host",
            "a=candidate:2 1 UDP 1694498815 198.51.100.4 31000 typ srflx raddr 192.168.1.20 rport 10000",
            "a=end-of-candidates",
            "");

    private static final LocalMedia RELAY = new LocalMedia(ip("203.0.113.9"), 20000, 20001);

    @Test
    void rewrites_a_baresip_offer_to_the_relay_and_keeps_every_other_line() {
        String rewritten = SdpRewriter.rewrite(BARESIP_OFFER, RELAY);

        assertThat(rewritten).isEqualTo(String.join("\r\n",
                "v=0",
                "o=- 1785243406 2785243406 IN IP4 192.168.1.20",
                "s=-",
                "c=IN IP4 203.0.113.9",
                "t=0 0",
                "m=audio 20000 RTP/SAVP 111 9 8 0 101",
                "b=AS:64",
                "a=rtpmap:111 opus/48000/2",
                "a=fmtp:111 stereo=1;sprop-stereo=1",
                "a=rtpmap:101 telephone-event/8000",
                "a=fmtp:101 0-15",
                "a=rtcp:20001",
                "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20",
                "a=ptime:20",
                "a=sendrecv",
                "a=rtcp-mux",
                ""));
    }

    @Test
    void reads_where_a_baresip_offer_receives_audio() {
        assertThat(SdpRewriter.remoteMedia(BARESIP_OFFER)).contains(new RemoteMedia(
                new InetSocketAddress(ip("192.168.1.20"), 10000), new InetSocketAddress(ip("192.168.1.20"), 10001)));
    }

    @Test
    void an_ipv6_answer_with_lf_line_ends_and_media_level_connection_gets_the_ipv6_relay() {
        String answer = "v=0\no=- 7 8 IN IP6 2001:db8::5\ns=call\nt=0 0\nm=audio 53020 RTP/AVP 0 101\n"
                + "c=IN IP6 2001:db8::5\na=rtcp:53021 IN IP6 2001:db8::5\na=rtpmap:0 PCMU/8000\na=recvonly\n";
        LocalMedia relay6 = new LocalMedia(ip("2001:db8::9"), 30000, 30001);

        assertThat(SdpRewriter.rewrite(answer, relay6)).isEqualTo("v=0\no=- 7 8 IN IP6 2001:db8::5\ns=call\nt=0 0\n"
                + "m=audio 30000 RTP/AVP 0 101\nc=IN IP6 2001:db8:0:0:0:0:0:9\n"
                + "a=rtcp:30001 IN IP6 2001:db8:0:0:0:0:0:9\na=rtpmap:0 PCMU/8000\na=recvonly\n");
        assertThat(SdpRewriter.remoteMedia(answer)).contains(new RemoteMedia(
                new InetSocketAddress(ip("2001:db8::5"), 53020), new InetSocketAddress(ip("2001:db8::5"), 53021)));
    }

    @Test
    void an_ipv6_phone_behind_an_ipv4_relay_gets_ip4_connection_lines() {
        String offer = "v=0\r\no=- 1 1 IN IP6 ::1\r\ns=-\r\nc=IN IP6 2001:db8::5\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 0\r\n";

        assertThat(SdpRewriter.rewrite(offer, RELAY)).isEqualTo(
                "v=0\r\no=- 1 1 IN IP6 ::1\r\ns=-\r\nc=IN IP4 203.0.113.9\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0\r\n");
    }

    @Test
    void declined_streams_keep_port_zero_and_streams_the_relay_does_not_carry_are_declined() {
        String sdp = String.join("\r\n", "v=0", "o=- 1 2 IN IP4 10.0.0.2", "s=-", "c=IN IP4 10.0.0.2", "t=0 0",
                "m=audio 0 RTP/AVP 0", "a=rtcp:4001",
                "m=audio 4002 RTP/AVP 8", "a=rtcp:4003",
                "m=video 5000 RTP/AVP 96", "a=rtpmap:96 H264/90000", "a=rtcp:5001",
                "m=audio 4004/2 RTP/AVP 0", "");

        assertThat(SdpRewriter.rewrite(sdp, RELAY)).isEqualTo(String.join("\r\n", "v=0", "o=- 1 2 IN IP4 10.0.0.2",
                "s=-", "c=IN IP4 203.0.113.9", "t=0 0",
                "m=audio 0 RTP/AVP 0", "a=rtcp:4001",
                "m=audio 20000 RTP/AVP 8", "a=rtcp:20001",
                "m=video 0 RTP/AVP 96", "a=rtpmap:96 H264/90000", "a=rtcp:5001",
                "m=audio 0 RTP/AVP 0", ""));
        assertThat(SdpRewriter.remoteMedia(sdp)).contains(new RemoteMedia(
                new InetSocketAddress(ip("10.0.0.2"), 4002), new InetSocketAddress(ip("10.0.0.2"), 4003)));
    }

    @Test
    void a_port_count_becomes_the_one_relay_port() {
        String sdp = "v=0\nc=IN IP4 10.0.0.2\nm=audio 4004/2 RTP/AVP 0\n";

        assertThat(SdpRewriter.rewrite(sdp, RELAY)).isEqualTo("v=0\nc=IN IP4 203.0.113.9\nm=audio 20000 RTP/AVP 0\n");
    }

    @Test
    void each_line_keeps_its_own_line_end_and_a_last_line_without_one_stays_so() {
        String sdp = "v=0\r\no=- 1 1 IN IP4 10.0.0.2\ns=-\r\nc=IN IP4 10.0.0.2\nt=0 0\r\nm=audio 4000 RTP/AVP 0";

        assertThat(SdpRewriter.rewrite(sdp, RELAY)).isEqualTo(
                "v=0\r\no=- 1 1 IN IP4 10.0.0.2\ns=-\r\nc=IN IP4 203.0.113.9\nt=0 0\r\nm=audio 20000 RTP/AVP 0");
    }

    @Test
    void bytes_outside_the_rewritten_lines_are_kept_even_when_they_are_not_ascii() {
        byte[] sdp = ("v=0\r\no=- 1 1 IN IP4 10.0.0.2\r\ns=Türsprechstelle Haus 2\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 0\r\ni=Eingang Süd\r\n").getBytes(StandardCharsets.UTF_8);

        byte[] rewritten = SdpRewriter.rewrite(sdp, RELAY);

        assertThat(new String(rewritten, StandardCharsets.UTF_8)).isEqualTo("v=0\r\no=- 1 1 IN IP4 10.0.0.2\r\n"
                + "s=Türsprechstelle Haus 2\r\nc=IN IP4 203.0.113.9\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0\r\n"
                + "i=Eingang Süd\r\n");
        assertThat(SdpRewriter.remoteMedia(sdp)).contains(RemoteMedia.of(ip("10.0.0.2"), 4000));
    }

    @Test
    void the_sipp_offer_of_the_station_tests_is_rewritten() {
        // station-agent/src/test/resources/sipp/uac-cancel.xml with its fields filled in
        String sipp = "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 6000 RTP/AVP 8 0\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n";

        assertThat(SdpRewriter.rewrite(sipp, RELAY)).isEqualTo("v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\n"
                + "s=-\r\nc=IN IP4 203.0.113.9\r\nt=0 0\r\nm=audio 20000 RTP/AVP 8 0\r\na=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n");
        assertThat(SdpRewriter.remoteMedia(sipp)).contains(RemoteMedia.of(ip("127.0.0.1"), 6000));
    }

    @Test
    void rtcp_mux_without_an_rtcp_port_sends_rtcp_to_the_rtp_address() {
        String sdp = "v=0\nc=IN IP4 10.0.0.2\nt=0 0\nm=audio 4000 RTP/AVP 0\na=rtcp-mux\n";

        InetSocketAddress rtp = new InetSocketAddress(ip("10.0.0.2"), 4000);
        assertThat(SdpRewriter.remoteMedia(sdp)).contains(new RemoteMedia(rtp, rtp));
    }

    @Test
    void the_media_level_connection_wins_over_the_session_level_one() {
        String sdp = "v=0\nc=IN IP4 10.0.0.2\nt=0 0\nm=video 5000 RTP/AVP 96\nc=IN IP4 10.0.0.3\n"
                + "m=audio 4000 RTP/AVP 0\nc=IN IP4 10.0.0.4\na=rtcp:4444 IN IP4 10.0.0.5\n";

        assertThat(SdpRewriter.remoteMedia(sdp)).contains(new RemoteMedia(
                new InetSocketAddress(ip("10.0.0.4"), 4000), new InetSocketAddress(ip("10.0.0.5"), 4444)));
    }

    @Test
    void no_audio_a_refused_audio_or_a_hold_address_gives_no_remote() {
        assertThat(SdpRewriter.remoteMedia("v=0\nc=IN IP4 10.0.0.2\nm=video 5000 RTP/AVP 96\n")).isEmpty();
        assertThat(SdpRewriter.remoteMedia("v=0\nc=IN IP4 10.0.0.2\nm=audio 0 RTP/AVP 0\n")).isEmpty();
        assertThat(SdpRewriter.remoteMedia("v=0\nc=IN IP4 0.0.0.0\nm=audio 4000 RTP/AVP 0\n")).isEmpty();
    }

    @Test
    void malformed_bodies_are_refused_naming_the_line() {
        assertRefused("o=- 1 1 IN IP4 1.2.3.4\r\n", "SDP line 1 'o=- 1 1 IN IP4 1.2.3.4'", "v=0");
        assertRefused("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ngarbage\r\n", "SDP line 3 'garbage'", "<type>=<value>");
        assertRefused("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio port RTP/AVP 0\r\n", "line 3 'm=audio port RTP/AVP 0'",
                "'port' is not a port");
        assertRefused("v=0\nc=IN IP4 1.2.3.4\nm=audio 70000 RTP/AVP 0\n", "line 3", "70000");
        assertRefused("v=0\nc=IN IP4 1.2.3.4\nm=audio 4000\n", "line 3", "<media> <port> <proto>");
        assertRefused("v=0\nc=IN IP4 pbx.example.com\nm=audio 4000 RTP/AVP 0\n", "line 2",
                "'pbx.example.com' is not an IP4 address literal");
        assertRefused("v=0\nc=IN IP4 999.1.1.1\nm=audio 4000 RTP/AVP 0\n", "line 2", "999.1.1.1");
        assertRefused("v=0\nc=IN IP5 1.2.3.4\nm=audio 4000 RTP/AVP 0\n", "line 2", "'IP5' is neither");
        assertRefused("v=0\nc=1.2.3.4\nm=audio 4000 RTP/AVP 0\n", "line 2", "IN IP4|IP6 <address>");
        assertRefused("v=0\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\na=rtcp:x\n", "line 4 'a=rtcp:x'", "'x'");
        assertRefused("v=0\nt=0 0\nm=audio 4000 RTP/AVP 0\n", "line 3 'm=audio 4000 RTP/AVP 0'", "no c= line");
        assertRefused("", "SDP: the body is empty", "empty");
    }

    private static void assertRefused(String sdp, String where, String why) {
        assertThatThrownBy(() -> SdpRewriter.rewrite(sdp, RELAY)).isInstanceOf(SdpFormatException.class)
                .hasMessageContaining(where).hasMessageContaining(why);
        assertThatThrownBy(() -> SdpRewriter.remoteMedia(sdp)).isInstanceOf(SdpFormatException.class)
                .hasMessageContaining(where).hasMessageContaining(why);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
