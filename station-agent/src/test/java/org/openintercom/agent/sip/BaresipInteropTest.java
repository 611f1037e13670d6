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

    @BeforeEach
    void start() throws Exception {
        engine = CallEngines.jainSip(SipEngineConfig.builder().user("door")
                .bindAddress(InetAddress.getLoopbackAddress()).udpPort(0)
                .media(new RecordingMediaFactory(), SilentAudio.microphone(), SilentAudio.speaker()).build());
        engine.start(events);
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            baresipPort = s.getLocalPort();
        }
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + baresipPort,
                "audio_source ausine,440",
                "module_path /usr/lib/baresip/modules",
                "module g711.so", "module g722.so", "module opus.so", "module ausine.so", "module srtp.so",
                "module_app account.so", "module_app menu.so", ""));
        Files.writeString(dir.resolve("accounts"), "<sip:indoor@127.0.0.1>;regint=0;answermode=auto\n");
        baresip = new ProcessBuilder("baresip", "-f", dir.toString(), "-t", "20").directory(dir.toFile())
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
        baresip.destroy();
        if (!baresip.waitFor(3, TimeUnit.SECONDS)) {
            baresip.destroyForcibly();
        }
    }

    @Test
    void the_engine_calls_auto_answering_baresip_talks_opus_and_hangs_up() throws Exception {
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
}
