package org.openintercom.agent.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SdpParserTest {

    private static final String BARESIP_OFFER = String.join("\r\n",
            "v=0",
            "o=- 1785243406 2785243406 IN IP4 192.168.1.20",
            "s=-",
            "c=IN IP4 192.168.1.20",
            "t=0 0",
            "m=audio 10000 RTP/SAVP 111 9 8 0 101",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 stereo=1;sprop-stereo=1",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20",
            "a=ptime:20",
            "a=sendonly",
            "a=rtcp-mux",
            "") ;

    @Test
    void parses_an_offer_with_codecs_crypto_direction_and_ptime() {
        SessionDescription sdp = SdpParser.parse(BARESIP_OFFER);

        assertThat(sdp.origin().sessionId()).isEqualTo("1785243406");
        assertThat(sdp.connection()).contains(new Connection("IP4", "192.168.1.20"));
        MediaDescription m = sdp.media().get(0);
        assertThat(m.port()).isEqualTo(10000);
        assertThat(m.proto()).isEqualTo("RTP/SAVP");
        assertThat(m.formats()).containsExactly("111", "9", "8", "0", "101");
        assertThat(m.rtpMap(111)).contains(new RtpMap(111, "opus", 48000, 2));
        assertThat(m.fmtps()).containsEntry(101, "0-15");
        assertThat(m.crypto()).hasSize(1);
        assertThat(m.crypto().get(0).keyAndSalt()).hasSize(30);
        assertThat(m.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(m.ptime()).hasValue(20);
        assertThat(m.otherAttributes()).containsExactly("rtcp-mux");
    }

    @Test
    void parses_ipv6_connections_and_lf_line_ends() {
        SessionDescription sdp = SdpParser.parse(
                "v=0\no=- 1 1 IN IP6 ::1\ns=-\nt=0 0\nm=audio 4000 RTP/AVP 0\nc=IN IP6 2001:db8::5\n");

        assertThat(sdp.connectionFor(sdp.media().get(0))).contains(new Connection("IP6", "2001:db8::5"));
        assertThat(sdp.media().get(0).direction()).isEqualTo(Direction.SENDRECV);
    }

    @Test
    void written_sdp_parses_back_to_the_same_model() {
        SessionDescription sdp = SdpParser.parse(BARESIP_OFFER);

        assertThat(SdpParser.parse(SdpWriter.write(sdp))).isEqualTo(sdp);
    }

    @Test
    void a_line_without_equals_sign_is_named_in_the_error() {
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ngarbage\r\n"))
                .isInstanceOf(SdpException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("garbage");
    }

    @Test
    void a_bad_media_line_is_named_in_the_error() {
        assertThatThrownBy(() -> SdpParser.parse(
                "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio port RTP/AVP 0\r\n"))
                .isInstanceOf(SdpException.class)
                .hasMessageContaining("line 6")
                .hasMessageContaining("m=audio port");
    }

    @Test
    void a_payload_type_above_127_is_refused() {
        assertThatThrownBy(() -> SdpParser.parse(
                "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 300\r\n"))
                .hasMessageContaining("line 6").hasMessageContaining("300");
    }

    @Test
    void a_host_name_in_the_connection_line_is_refused() {
        assertThatThrownBy(() -> SdpParser.parse(
                "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 pbx.example.com\r\nt=0 0\r\n"))
                .hasMessageContaining("line 4").hasMessageContaining("pbx.example.com");
    }

    @Test
    void media_without_any_connection_line_is_refused() {
        assertThatThrownBy(() -> SdpParser.parse(
                "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"))
                .hasMessageContaining("no c= line");
    }

    @Test
    void a_body_not_starting_with_version_zero_is_refused() {
        assertThatThrownBy(() -> SdpParser.parse("o=- 1 1 IN IP4 1.2.3.4\r\n"))
                .hasMessageContaining("line 1").hasMessageContaining("v=0");
    }

    @Test
    void missing_timing_line_is_refused() {
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\n"))
                .hasMessageContaining("t=");
    }
}
