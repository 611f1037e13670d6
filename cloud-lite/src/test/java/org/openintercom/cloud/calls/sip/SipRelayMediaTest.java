package org.openintercom.cloud.calls.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.interop.Baresip;
import org.openintercom.cloud.calls.media.MediaRelayConfig;
import org.openintercom.cloud.calls.media.RelayStats;
import org.openintercom.hal.audio.ToneAnalysis;

/**
 * Media anchored through the relay: a call between two real phones (baresip) whose SDP the relay rewrote, so
 * every RTP packet goes through the relay's port range both ways; the ports are free again after the call.
 */
@Tag("interop")
class SipRelayMediaTest {

    private static final String REALM = "openintercom";

    @TempDir
    Path dir;
    SipRelay relay;
    RelayPhones phones;

    @BeforeEach
    void startRelay() {
        InMemorySipAccounts accounts = new InMemorySipAccounts();
        for (String user : List.of("alice", "door")) {
            accounts.put(SipAccount.withPassword(user, REALM, "pw-" + user + "-1234"));
        }
        relay = SipRelay.start(SipRelayConfig.builder().realm(REALM).tcpPort(null)
                .media(MediaRelayConfig.builder().ports(23000, 23100).build()).build(), accounts);
        phones = new RelayPhones(dir, relay);
    }

    @AfterEach
    void stop() {
        phones.close();
        relay.close();
    }

    @Test
    void the_audio_of_a_call_flows_through_the_media_relay_both_ways() throws Exception {
        Baresip alice = phones.register("alice", 1000, true);
        Baresip door = phones.register("door", 440, true);

        door.command("dial", "sip:alice@127.0.0.1:" + relay.port("udp").orElseThrow());
        alice.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
        door.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            RelayStats s = relay.media().orElseThrow().stats();
            return s.callerToCallee().packets() > 75 && s.calleeToCaller().packets() > 75;
        });
        assertThat(relay.media().orElseThrow().stats().openSessions()).isEqualTo(1);
        assertThat(alice.log()).containsPattern("receiving from 127\\.0\\.0\\.1:23\\d\\d\\d");
        assertThat(door.log()).containsPattern("receiving from 127\\.0\\.0\\.1:23\\d\\d\\d");
        door.command("hangup", "");
        alice.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        door.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));

        assertTone(alice.decodedAudio(), 440, "alice hears the door through the relay");
        assertTone(door.decodedAudio(), 1000, "the door hears alice through the relay");
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.media().orElseThrow().stats().portPairsInUse() == 0);
    }

    private static void assertTone(Baresip.Recording heard, double hz, String what) {
        short[] middle = ToneAnalysis.slice(heard.samples(), heard.samples().length / 4,
                heard.samples().length * 3 / 4);
        assertThat(ToneAnalysis.dominantFrequency(middle, heard.sampleRate())).as(what).isCloseTo(hz,
                offset(hz * 0.05));
    }
}
