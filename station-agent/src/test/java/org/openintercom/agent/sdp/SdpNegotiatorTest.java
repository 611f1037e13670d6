package org.openintercom.agent.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openintercom.agent.media.MediaParameters;
import org.openintercom.agent.media.RtpCodec;
import org.openintercom.hal.model.Codec;

class SdpNegotiatorTest {

    private static final InetAddress HOST = InetAddress.getLoopbackAddress();
    private final SdpNegotiator all = new SdpNegotiator(List.of(Codec.OPUS, Codec.G722, Codec.G711), "door");
    private final SdpNegotiator wideband = new SdpNegotiator(List.of(Codec.G722, Codec.G711), "indoor");
    private final SdpNegotiator narrowband = new SdpNegotiator(List.of(Codec.G711), "legacy");

    @Test
    void offer_lists_opus_g722_pcma_pcmu_and_telephone_event() {
        MediaDescription m = all.offer(HOST, 4000, false).media().get(0);

        assertThat(m.formats()).containsExactly("111", "9", "8", "0", "101");
        assertThat(m.rtpMap(111)).contains(new RtpMap(111, "opus", 48000, 2));
        assertThat(m.rtpMap(101)).contains(new RtpMap(101, "telephone-event", 8000, 1));
        assertThat(m.proto()).isEqualTo("RTP/AVP");
        assertThat(m.crypto()).isEmpty();
    }

    @Test
    void opus_g722_g711_offer_answered_by_g722_g711_station_picks_g722() {
        Negotiation n = wideband.answer(all.offer(HOST, 4000, false), HOST, 5000, false);

        MediaParameters p = ((Negotiation.Agreed) n).parameters();
        assertThat(p.codec()).isEqualTo(RtpCodec.G722);
        assertThat(p.telephoneEventPayloadType()).isEqualTo(101);
        assertThat(p.remote().getPort()).isEqualTo(4000);
        assertThat(p.srtp()).isEmpty();
    }

    @Test
    void two_full_band_stations_pick_opus() {
        Negotiation n = all.answer(all.offer(HOST, 4000, false), HOST, 5000, false);

        assertThat(((Negotiation.Agreed) n).parameters().codec().name()).isEqualTo("opus");
    }

    @Test
    void opus_wins_even_when_the_offer_lists_it_last_and_keeps_the_offerers_payload_type() {
        SessionDescription offer = SdpParser.parse(sdp("m=audio 4000 RTP/AVP 0 8 96", "a=rtpmap:96 opus/48000/2"));

        Negotiation.Agreed n = (Negotiation.Agreed) all.answer(offer, HOST, 5000, false);

        assertThat(n.parameters().codec()).isEqualTo(RtpCodec.OPUS.withPayloadType(96));
        assertThat(n.answer().media().get(0).formats()).containsExactly("96");
        assertThat(n.parameters().telephoneEventPayloadType()).isEqualTo(-1);
    }

    @Test
    void g711_picks_the_law_the_offer_lists_first() {
        SessionDescription pcmuFirst = SdpParser.parse(sdp("m=audio 4000 RTP/AVP 0 8 101",
                "a=rtpmap:101 telephone-event/8000"));
        SessionDescription pcmaFirst = SdpParser.parse(sdp("m=audio 4000 RTP/AVP 8 0"));

        assertThat(((Negotiation.Agreed) narrowband.answer(pcmuFirst, HOST, 5000, false)).parameters().codec())
                .isEqualTo(RtpCodec.PCMU);
        assertThat(((Negotiation.Agreed) narrowband.answer(pcmaFirst, HOST, 5000, false)).parameters().codec())
                .isEqualTo(RtpCodec.PCMA);
    }

    @Test
    void no_common_codec_is_refused_with_488() {
        SessionDescription offer = SdpParser.parse(sdp("m=audio 4000 RTP/AVP 18 3"));

        assertThat(all.answer(offer, HOST, 5000, false))
                .isInstanceOfSatisfying(Negotiation.Refused.class, r -> {
                    assertThat(r.sipStatus()).isEqualTo(488);
                    assertThat(r.reason()).contains("no common codec");
                });
    }

    @Test
    void plain_offer_is_refused_when_srtp_is_required() {
        assertThat(all.answer(all.offer(HOST, 4000, false), HOST, 5000, true))
                .isInstanceOfSatisfying(Negotiation.Refused.class,
                        r -> assertThat(r.reason()).contains("SRTP is required"));
    }

    @Test
    void savp_offer_without_usable_crypto_is_refused() {
        SessionDescription offer = SdpParser.parse(sdp("m=audio 4000 RTP/SAVP 0",
                "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"));

        assertThat(all.answer(offer, HOST, 5000, true)).isInstanceOf(Negotiation.Refused.class);
    }

    @Test
    void srtp_keys_are_crossed_between_offerer_and_answerer() {
        SessionDescription offer = all.offer(HOST, 4000, true);
        Negotiation.Agreed answered = (Negotiation.Agreed) wideband.answer(offer, HOST, 5000, true);
        Negotiation.Agreed read = (Negotiation.Agreed) all.readAnswer(offer,
                SdpParser.parse(SdpWriter.write(answered.answer())));

        var answererKeys = answered.parameters().srtp().orElseThrow();
        var offererKeys = read.parameters().srtp().orElseThrow();
        assertThat(offer.media().get(0).proto()).isEqualTo("RTP/SAVP");
        assertThat(answered.answer().media().get(0).proto()).isEqualTo("RTP/SAVP");
        assertThat(answererKeys.localKeyAndSalt()).hasSize(30).isEqualTo(offererKeys.remoteKeyAndSalt());
        assertThat(answererKeys.remoteKeyAndSalt()).isEqualTo(offererKeys.localKeyAndSalt());
        assertThat(read.parameters().codec()).isEqualTo(RtpCodec.G722);
        assertThat(read.parameters().remote().getPort()).isEqualTo(5000);
    }

    @Test
    void answer_mirrors_a_sendonly_offer_as_recvonly_and_refuses_extra_streams() {
        SessionDescription offer = SdpParser.parse(sdp("m=audio 4000 RTP/AVP 0", "a=sendonly",
                "m=video 4002 RTP/AVP 96", "a=rtpmap:96 H264/90000"));

        Negotiation.Agreed n = (Negotiation.Agreed) all.answer(offer, HOST, 5000, false);

        assertThat(n.answer().media()).hasSize(2);
        assertThat(n.answer().media().get(0).direction()).isEqualTo(Direction.RECVONLY);
        assertThat(n.answer().media().get(1).port()).isZero();
    }

    @Test
    void the_agreed_subset_of_our_offer_keeps_only_the_chosen_codec_our_key_and_bumps_the_version() {
        SessionDescription offer = all.offer(HOST, 4000, true);
        Negotiation.Agreed answered = (Negotiation.Agreed) wideband.answer(offer, HOST, 5000, true);
        Negotiation.Agreed read = (Negotiation.Agreed) all.readAnswer(offer, answered.answer());

        SessionDescription subset = all.agreedSubset(offer, read.parameters());

        MediaDescription m = subset.media().get(0);
        assertThat(m.formats()).containsExactly("9", "101");
        assertThat(m.port()).isEqualTo(4000);
        assertThat(m.crypto()).isEqualTo(offer.media().get(0).crypto());
        assertThat(Long.parseLong(subset.origin().sessionVersion()))
                .isEqualTo(Long.parseLong(offer.origin().sessionVersion()) + 1);
    }

    @Test
    void an_answer_that_refuses_audio_is_not_acceptable() {
        SessionDescription offer = all.offer(HOST, 4000, false);

        assertThat(all.readAnswer(offer, SdpParser.parse(sdp("m=audio 0 RTP/AVP 0"))))
                .isInstanceOf(Negotiation.Refused.class);
    }

    private static String sdp(String... mediaLines) {
        return "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
                + String.join("\r\n", mediaLines) + "\r\n";
    }
}
