package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine against a byte-level SIP peer: races, late responses, broken bodies and in-dialog requests. */
class RawPeerTest {

    private final RecordingListener events = new RecordingListener();
    private CallEngine engine;
    private RawSipPeer peer;

    @BeforeEach
    void start() throws Exception {
        engine = CallEngines.jainSip(SipEngineConfig.builder().user("door")
                .bindAddress(InetAddress.getLoopbackAddress()).udpPort(0)
                .media(new RecordingMediaFactory(), SilentAudio.microphone(), SilentAudio.speaker()).build());
        engine.start(events);
        peer = new RawSipPeer(engine.port(SipTransport.UDP).orElseThrow());
    }

    @AfterEach
    void stop() {
        peer.close();
        engine.close();
    }

    @Test
    void a_180_arriving_after_the_200_is_ignored() throws Exception {
        engine.dial("c1", peer.uri());
        String invite = peer.await("INVITE");
        peer.send(peer.response(invite, 200, "OK", RawSipPeer.SDP));
        peer.send(peer.response(invite, 180, "Ringing", null));

        events.await("connected");
        peer.await("ACK");
        Thread.sleep(300);
        assertThat(events.count("progress")).isZero();
        assertThat(events.count("ended")).isZero();

        String tag = RawSipPeer.header(invite, "From").replaceAll(".*tag=", "");
        String callId = RawSipPeer.header(invite, "Call-ID");
        String reInvite = peer.request("INVITE", callId, 7, null, "application/sdp", RawSipPeer.SDP)
                .replace("From: <sip:peer@127.0.0.1>;tag=peertag", "From: <sip:peer@127.0.0.1>;tag=peer1")
                .replace("To: <sip:door@127.0.0.1>", "To: <sip:door@127.0.0.1>;tag=" + tag);
        peer.send(reInvite);
        String reOk = peer.await("SIP/2.0 200");
        assertThat(RawSipPeer.body(reOk)).contains("RTP/AVP 0 101").doesNotContain("opus");

        engine.hangup("c1");
        String bye = peer.await("BYE");
        peer.send(peer.response(bye, 200, "OK", null));
        assertThat(((CallEnd) events.await("ended").detail()).cause()).isEqualTo(EndCause.LOCAL_HANGUP);
    }

    @Test
    void a_200_that_crosses_our_cancel_is_acknowledged_then_ended_with_bye() throws Exception {
        engine.dial("c2", peer.uri());
        String invite = peer.await("INVITE");
        peer.send(peer.response(invite, 180, "Ringing", null));
        events.await("progress");

        engine.hangup("c2");
        String cancel = peer.await("CANCEL");
        peer.send(peer.response(cancel, 200, "OK", null));
        peer.send(peer.response(invite, 200, "OK", RawSipPeer.SDP));

        peer.await("ACK");
        String bye = peer.await("BYE");
        peer.send(peer.response(bye, 200, "OK", null));
        assertThat(((CallEnd) events.await("ended").detail()).cause()).isEqualTo(EndCause.LOCAL_HANGUP);
        Thread.sleep(200);
        assertThat(events.count("ended")).isEqualTo(1);
        assertThat(events.count("connected")).isZero();
    }

    @Test
    void a_183_with_sdp_starts_early_media() throws Exception {
        engine.dial("c3", peer.uri());
        String invite = peer.await("INVITE");
        peer.send(peer.response(invite, 183, "Session Progress", RawSipPeer.SDP));

        assertThat(events.await("progress").detail()).isEqualTo(ProgressKind.EARLY_MEDIA);
        assertThat(events.count("connected")).isZero();
        engine.hangup("c3");
        String cancel = peer.await("CANCEL");
        peer.send(peer.response(cancel, 200, "OK", null));
        peer.send(peer.response(invite, 487, "Request Terminated", null));
        assertThat(((CallEnd) events.await("ended").detail()).cause()).isEqualTo(EndCause.LOCAL_HANGUP);
    }

    @Test
    void hanging_up_before_any_provisional_response_sends_cancel_once_one_arrives() throws Exception {
        engine.dial("c4", peer.uri());
        String invite = peer.await("INVITE");
        engine.hangup("c4");
        assertThat(((CallEnd) events.await("ended").detail()).cause()).isEqualTo(EndCause.LOCAL_HANGUP);

        peer.send(peer.response(invite, 180, "Ringing", null));

        String cancel = peer.await("CANCEL");
        assertThat(RawSipPeer.header(cancel, "Call-ID")).isEqualTo(RawSipPeer.header(invite, "Call-ID"));
        assertThat(events.count("progress")).isZero();
    }

    @Test
    void an_invite_with_malformed_sdp_gets_400_naming_the_bad_line() throws Exception {
        String broken = RawSipPeer.SDP.replace("m=audio 40000", "m=audio forty");
        peer.send(peer.request("INVITE", "bad-sdp@peer", 1, null, "application/sdp", broken));

        String response = peer.await("SIP/2.0 400");
        assertThat(RawSipPeer.header(response, "Warning")).contains("399").contains("m=audio forty");
        assertThat(events.count("incoming")).isZero();
    }

    @Test
    void an_answered_call_takes_info_dtmf_and_a_re_invite_then_ends_on_bye() throws Exception {
        peer.send(peer.request("INVITE", "in1@peer", 1, null, "application/sdp", RawSipPeer.SDP));
        peer.await("SIP/2.0 100");
        assertThat(RawSipPeer.header(peer.await("SIP/2.0 180"), "Contact")).contains("sip:door@127.0.0.1:");
        IncomingCall call = (IncomingCall) events.await("incoming").detail();
        assertThat(call.from()).isEqualTo("sip:peer@127.0.0.1");

        engine.answer(call.callId());
        String ok = peer.await("SIP/2.0 200");
        String tag = RawSipPeer.header(ok, "To").replaceAll(".*tag=", "");
        assertThat(RawSipPeer.body(ok)).contains("m=audio").contains("RTP/AVP 0 101");
        peer.send(peer.request("ACK", "in1@peer", 1, tag, null, null));
        NegotiatedMedia media = (NegotiatedMedia) events.await("connected").detail();
        assertThat(media.codec()).isEqualTo("PCMU");
        assertThat(media.remoteRtp().getPort()).isEqualTo(40000);

        peer.send(peer.request("INFO", "in1@peer", 2, tag, "application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"));
        peer.await("SIP/2.0 200");
        assertThat(events.await("dtmf").detail()).isEqualTo("5/SIP_INFO");
        peer.send(peer.request("INFO", "in1@peer", 3, tag, "application/dtmf", "#"));
        peer.await("SIP/2.0 200");
        assertThat(events.await("dtmf").detail()).isEqualTo("#/SIP_INFO");

        peer.send(peer.request("INVITE", "in1@peer", 4, tag, "application/sdp", RawSipPeer.SDP));
        String reOk = peer.await("SIP/2.0 200");
        assertThat(RawSipPeer.body(reOk)).isEqualTo(RawSipPeer.body(ok));
        peer.send(peer.request("ACK", "in1@peer", 4, tag, null, null));

        peer.send(peer.request("BYE", "in1@peer", 5, tag, null, null));
        peer.await("SIP/2.0 200");
        assertThat(((CallEnd) events.await("ended").detail()).cause()).isEqualTo(EndCause.REMOTE_HANGUP);
    }

    @Test
    void an_invite_without_sdp_gets_our_offer_in_the_200_and_the_answer_in_the_ack_starts_media() throws Exception {
        peer.send(peer.request("INVITE", "late@peer", 1, null, null, null));
        IncomingCall call = (IncomingCall) events.await("incoming").detail();
        engine.answer(call.callId());
        String ok = peer.await("SIP/2.0 200");
        String tag = RawSipPeer.header(ok, "To").replaceAll(".*tag=", "");
        assertThat(RawSipPeer.body(ok)).contains("RTP/AVP 111 9 8 0 101");

        peer.send(peer.request("ACK", "late@peer", 1, tag, "application/sdp", RawSipPeer.SDP));

        NegotiatedMedia media = (NegotiatedMedia) events.await("connected").detail();
        assertThat(media.codec()).isEqualTo("PCMU");
        assertThat(media.remoteRtp().getPort()).isEqualTo(40000);
    }

    @Test
    void options_get_200_known_but_unsupported_methods_405_and_unknown_ones_501() throws Exception {
        peer.send(peer.request("OPTIONS", "o1@peer", 1, null, null, null));
        assertThat(RawSipPeer.header(peer.await("SIP/2.0 200"), "Allow")).contains("INVITE").contains("INFO");
        peer.send(peer.request("MESSAGE", "m1@peer", 1, null, "text/plain", "hello"));
        peer.await("SIP/2.0 405");
        peer.send(peer.request("FROBNICATE", "f1@peer", 1, null, null, null));
        peer.await("SIP/2.0 501");
        peer.send(peer.request("BYE", "unknown@peer", 1, "nosuchtag", null, null));
        peer.await("SIP/2.0 481");
    }
}
