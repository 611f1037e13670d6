package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    private Process baresip;
    private int baresipPort;
    private Path pem;

    @BeforeEach
    void start() throws Exception {
        DemoPki pki = DemoPki.in(dir);
        engine = CallEngines.jainSip(SipEngineConfig.builder().user("door")
                .bindAddress(InetAddress.getLoopbackAddress()).udpPort(0).tlsPort(0).tls(pki.tlsMaterial("door", false))
                .media(new RecordingMediaFactory(), SilentAudio.microphone(), SilentAudio.speaker()).build());
        engine.start(events);
        pem = pki.pem("indoor");
    }

    /** Starts baresip with one auto-answering account; {@code accountParams} e.g. {@code ;mediaenc=srtp-mand}. */
    private void startBaresip(String accountParams, String... commands) throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            baresipPort = s.getLocalPort();
        }
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + baresipPort,
                "audio_source ausine,440",
                "module_path /usr/lib/baresip/modules",
                "sip_certificate " + pem,
                "sip_cafile " + dir.resolve("ca.pem"),
                "module g711.so", "module g722.so", "module opus.so", "module ausine.so", "module srtp.so",
                "module_app account.so", "module_app menu.so", ""));
        Files.writeString(dir.resolve("accounts"), "<sip:indoor@127.0.0.1>;regint=0;answermode=auto" + accountParams
                + "\n");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("baresip", "-f", dir.toString(),
                "-t", "20"));
        for (String c : commands) {
            command.add("-e");
            command.add(c);
        }
        baresip = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("baresip.out").toFile()).redirectErrorStream(true).start();
        waitUntilReady();
    }

    private void waitUntilReady() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.readString(dir.resolve("baresip.out")).contains("baresip is ready")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("baresip did not start: " + Files.readString(dir.resolve("baresip.out")));
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
        if (baresip != null) {
            baresip.destroy();
            if (!baresip.waitFor(3, TimeUnit.SECONDS)) {
                baresip.destroyForcibly();
            }
        }
    }

    @Test
    void the_engine_calls_auto_answering_baresip_talks_opus_and_hangs_up() throws Exception {
        startBaresip("");
        engine.dial("c1", "sip:indoor@127.0.0.1:" + baresipPort + ";transport=udp");

        NegotiatedMedia media = (NegotiatedMedia) events.await("connected").detail();
        assertThat(media.codec()).as("baresip log: %s", dir.resolve("baresip.out")).isEqualTo("opus");
        assertThat(media.payloadType()).isEqualTo(111);
        engine.sendDtmf("c1", '1', DtmfMode.SIP_INFO);
        Thread.sleep(300);
        engine.hangup("c1");

        assertThat(((CallEnd) events.await("ended").detail()).cause()).isEqualTo(EndCause.LOCAL_HANGUP);
        Thread.sleep(300);
        assertThat(Files.readString(dir.resolve("baresip.out"))).contains("Call established");
    }

    @Test
    void the_engine_calls_baresip_over_tls_and_both_agree_on_srtp() throws Exception {
        startBaresip(";mediaenc=srtp-mand");
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
        startBaresip(";mediaenc=srtp-mand", "/dial sip:door@127.0.0.1:" + tlsPort + ";transport=tls");

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
