package org.openintercom.cloud.calls.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallerOfferTest {

    private static final String KEY = "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    private static CallerOffer read(String sdp) throws CallerOffer.Unusable {
        return CallerOffer.read(sdp.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void takes_the_first_g711_payload_in_the_callers_order_and_the_media_level_address() throws Exception {
        CallerOffer offer = read("""
                v=0
                o=- 1 1 IN IP4 10.0.0.1
                s=-
                c=IN IP4 10.0.0.1
                t=0 0
                m=audio 40000 RTP/AVP 96 9 8 0 101
                c=IN IP4 192.0.2.7
                a=rtpmap:96 opus/48000/2
                a=rtpmap:9 G722/8000
                a=rtpmap:8 PCMA/8000
                a=rtpmap:0 PCMU/8000
                a=rtpmap:101 telephone-event/8000
                """);
        assertThat(offer.law()).isEqualTo(Law.ALAW);
        assertThat(offer.destination()).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40000));
        assertThat(offer.srtp()).isFalse();
        String answer = offer.answer(new InetSocketAddress(InetAddress.getByName("198.51.100.1"), 30000), 7, null);
        assertThat(answer).contains("c=IN IP4 198.51.100.1\r\n", "m=audio 30000 RTP/AVP 8\r\n",
                "a=rtpmap:8 PCMA/8000\r\n").doesNotContain("a=crypto");
    }

    @Test
    void answers_sdes_srtp_with_its_own_key_under_the_callers_tag() throws Exception {
        CallerOffer offer = read("""
                v=0
                o=- 1 1 IN IP4 10.0.0.1
                s=-
                c=IN IP4 10.0.0.1
                t=0 0
                m=audio 40000 RTP/SAVP 0
                a=crypto:1 AES_CM_256_HMAC_SHA1_80 inline:AAAA
                a=crypto:2 AES_CM_128_HMAC_SHA1_80 %s
                """.formatted(KEY));
        assertThat(offer.srtp()).isTrue();
        assertThat(offer.cryptoTag()).isEqualTo(Optional.of(2));
        byte[] key = new byte[30];
        key[0] = 1;
        String answer = offer.answer(new InetSocketAddress(InetAddress.getByName("198.51.100.1"), 30000), 7, key);
        assertThat(answer).contains("m=audio 30000 RTP/SAVP 0\r\n",
                "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + java.util.Base64.getEncoder().encodeToString(key)
                        + "\r\n");
    }

    @Test
    void offers_it_cannot_answer_say_why() {
        assertThatThrownBy(() -> read("""
                v=0
                c=IN IP4 10.0.0.1
                m=audio 40000 RTP/AVP 96
                a=rtpmap:96 opus/48000/2
                """)).hasMessageContaining("no G.711");
        assertThatThrownBy(() -> read("""
                v=0
                c=IN IP4 10.0.0.1
                m=audio 40000 UDP/TLS/RTP/SAVP 0
                """)).hasMessageContaining("UDP/TLS/RTP/SAVP");
        assertThatThrownBy(() -> read("""
                v=0
                c=IN IP4 10.0.0.1
                m=audio 40000 RTP/SAVP 0
                """)).hasMessageContaining("SRTP without an SDES");
        assertThatThrownBy(() -> read("""
                v=0
                c=IN IP4 10.0.0.1
                m=audio 0 RTP/AVP 0
                m=video 5000 RTP/AVP 96
                """)).hasMessageContaining("no active audio stream");
        assertThatThrownBy(() -> CallerOffer.read(new byte[0])).hasMessageContaining("no SDP offer");
    }
}
