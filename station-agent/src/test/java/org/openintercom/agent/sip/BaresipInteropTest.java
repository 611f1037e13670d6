package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.interop.Baresip;
import org.openintercom.agent.tls.DemoPki;

/**
 * The engine against a real baresip (/usr/bin/baresip, auto-answering, a sine tone as microphone) over UDP:
 * codec choice and SDP against another implementation.
 */
@Tag("interop")
class BaresipInteropTest {

    @TempDir
    Path dir;

    private final RecordingListener events = new RecordingListener();
    private CallEngine engine;
    private Baresip baresip;
    private int baresipPort;

    @BeforeEach
    void start() throws Exception {
        DemoPki pki = DemoPki.in(dir);
        engine = CallEngines.jainSip(SipEngineConfig.builder().user("door")
                .bindAddress(InetAddress.getLoopbackAddress()).udpPort(0).tlsPort(0).tls(pki.tlsMaterial("door", false))
                .media(new RecordingMediaFactory(), SilentAudio.microphone(), SilentAudio.speaker()).build());
        engine.start(events);
    }

    /** Starts an auto-answering baresip ("indoor"); with {@code srtp} it requires SRTP and has a certificate. */
    private void startBaresip(boolean srtp) throws Exception {
        DemoPki pki = DemoPki.in(dir);
        baresipPort = Baresip.freePortPair();
        baresip = Baresip.start(dir, new Baresip.Options(baresipPort, Baresip.freePortPair(), "indoor", null, 440,
                true, srtp ? Optional.of("srtp-mand") : Optional.empty(), Optional.of(pki.pem("indoor")),
                Optional.of(pki.caPem()), Optional.empty()));
    }

    @AfterEach
    void stop() {
        engine.close();
        if (baresip != null) {
            baresip.close();
        }
    }

    @Test
    void the_engine_calls_auto_answering_baresip_talks_opus_and_hangs_up() throws Exception {
        startBaresip(false);
        engine.dial("c1", "sip:indoor@127.0.0.1:" + baresipPort + ";transport=udp");

        NegotiatedMedia media = (NegotiatedMedia) events.await("connected").detail();
        assertThat(media.codec()).as("baresip log: %s", baresip.log()).isEqualTo("opus");
        assertThat(media.payloadType()).isEqualTo(111);
        engine.sendDtmf("c1", '1', DtmfMode.SIP_INFO);
        Thread.sleep(300);
        engine.hangup("c1");

        assertThat(((CallEnd) events.await("ended").detail()).cause()).isEqualTo(EndCause.LOCAL_HANGUP);
        Thread.sleep(300);
        assertThat(baresip.log()).contains("Call established");
    }

    @Test
    void the_engine_calls_baresip_over_tls_and_both_agree_on_srtp() throws Exception {
        startBaresip(true);
        // baresip listens for TLS one port above its UDP/TCP port
        engine.dial("c2", "sip:indoor@127.0.0.1:" + (baresipPort + 1) + ";transport=tls");

        NegotiatedMedia media = (NegotiatedMedia) events.await("connected").detail();
        assertThat(media.srtp()).isTrue();
        assertThat(media.codec()).isEqualTo("opus");
        engine.hangup("c2");
        assertThat(((CallEnd) events.await("ended").detail()).cause()).isEqualTo(EndCause.LOCAL_HANGUP);
    }

    @Test
    void baresip_calls_the_engine_over_tls_with_mandatory_srtp_and_the_engine_answers() throws Exception {
        int tlsPort = engine.port(SipTransport.TLS).orElseThrow();
        startBaresip(true);
        baresip.command("dial", "sip:door@127.0.0.1:" + tlsPort + ";transport=tls");

        IncomingCall call = (IncomingCall) events.await("incoming").detail();
        assertThat(call.transport()).isEqualTo(SipTransport.TLS);
        engine.answer(call.callId());

        NegotiatedMedia media = (NegotiatedMedia) events.await("connected").detail();
        assertThat(media.srtp()).isTrue();
        assertThat(media.codec()).isEqualTo("opus");
        engine.hangup(call.callId());
        assertThat(((CallEnd) events.await("ended").detail()).cause()).isEqualTo(EndCause.LOCAL_HANGUP);
    }
}
