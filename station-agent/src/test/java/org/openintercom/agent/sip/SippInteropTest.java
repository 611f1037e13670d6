package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.interop.RealPeers;
import org.openintercom.agent.interop.RealPeers;

/**
 * The engine against the real SIPp (/usr/bin/sipp) and its built-in {@code uac} and {@code uas} scenarios over
 * UDP: SIPp calls us and hangs up, and we call SIPp and hang up. SIPp's exit code says whether the dialog went
 * as its scenario expects.
 */
@Tag("interop")
class SippInteropTest {

    @TempDir
    Path dir;

    private final RecordingListener events = new RecordingListener();
    private CallEngine engine;

    @BeforeEach
    void start() {
        engine = CallEngines.jainSip(SipEngineConfig.builder().user("door")
                .bindAddress(InetAddress.getLoopbackAddress()).udpPort(0)
                .media(new RecordingMediaFactory(), SilentAudio.microphone(), SilentAudio.speaker()).build());
        engine.start(new CallEngineListener() {
            @Override
            public void onIncoming(IncomingCall call) {
                events.onIncoming(call);
                engine.answer(call.callId());
            }

            @Override
            public void onProgress(String callId, ProgressKind kind) {
                events.onProgress(callId, kind);
            }

            @Override
            public void onConnected(String callId, NegotiatedMedia media) {
                events.onConnected(callId, media);
            }

            @Override
            public void onDtmf(String callId, char digit, DtmfMode via) {
                events.onDtmf(callId, digit, via);
            }

            @Override
            public void onEnded(String callId, CallEnd end) {
                events.onEnded(callId, end);
            }
        });
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void sipp_calls_the_engine_which_answers_and_sipp_hangs_up() throws Exception {
        int port = engine.port(SipTransport.UDP).orElseThrow();

        Process sipp = sipp("-sn", "uac", "127.0.0.1:" + port, "-p", Integer.toString(freeUdpPort()));

        assertThat(((NegotiatedMedia) events.await("connected").detail()).codec()).isEqualTo("PCMU");
        assertThat(((CallEnd) events.await("ended").detail()).cause()).isEqualTo(EndCause.REMOTE_HANGUP);
        assertThat(exitCode(sipp)).as("SIPp uac exit code; see %s", dir).isZero();
    }

    @Test
    void the_engine_calls_sipp_and_hangs_up() throws Exception {
        int sippPort = freeUdpPort();
        Process sipp = sipp("-sn", "uas", "-p", Integer.toString(sippPort));
        Thread.sleep(300); // let SIPp bind

        engine.dial("c1", "sip:service@127.0.0.1:" + sippPort + ";transport=udp");
        assertThat(((NegotiatedMedia) events.await("connected").detail()).codec()).isEqualTo("PCMU");
        engine.hangup("c1");

        assertThat(((CallEnd) events.await("ended").detail()).cause()).isEqualTo(EndCause.LOCAL_HANGUP);
        assertThat(exitCode(sipp)).as("SIPp uas exit code; see %s", dir).isZero();
    }

    private Process sipp(String... scenarioArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(RealPeers.require("sipp", "sip-tester").toString(), "-i", "127.0.0.1", "-m", "1", "-nostdin",
                "-timeout", "15s", "-timeout_error", "-trace_err", "-trace_msg"));
        command.addAll(List.of(scenarioArgs));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("sipp.out").toFile()).redirectErrorStream(true).start();
    }

    private int exitCode(Process sipp) throws Exception {
        if (!sipp.waitFor(20, TimeUnit.SECONDS)) {
            sipp.destroyForcibly();
            throw new AssertionError("SIPp did not finish; output: " + Files.readString(dir.resolve("sipp.out")));
        }
        return sipp.exitValue();
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
