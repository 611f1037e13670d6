package org.openintercom.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;
import static org.openintercom.agent.interop.TestStations.calls;
import static org.openintercom.agent.interop.TestStations.door;
import static org.openintercom.agent.interop.TestStations.freePort;
import static org.openintercom.agent.interop.TestStations.given;
import static org.openintercom.agent.interop.TestStations.start;
import static org.openintercom.agent.interop.TestStations.tone;
import static org.openintercom.agent.interop.TestStations.udpAndTls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.call.CallState;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.tls.DemoPki;

/**
 * Two emulated stations call each other directly (no server) over SIP/TLS with mutual certificate checks and
 * SRTP media: the basis of the mesh fallback.
 */
class PeerToPeerTlsTest {

    @TempDir
    Path dir;

    private TestStations.Running door;
    private TestStations.Running hall;

    @AfterEach
    void stop() {
        if (door != null) {
            door.close();
        }
        if (hall != null) {
            hall.close();
        }
    }

    @Test
    void two_stations_call_each_other_peer_to_peer_with_srtp_over_tls() throws Exception {
        DemoPki pki = DemoPki.in(dir.resolve("pki"));
        int hallTls = freePort();
        hall = start(given("hall", "IM6", dir).sip(udpAndTls(freePort(), hallTls, pki, "hall", true))
                .calls(calls(false)).button("answer", ButtonAction.of(ButtonAction.Kind.ANSWER))
                .button("door-key", ButtonAction.sendDtmf("4711")).audio(tone(1000)).build());
        door = start(given("frontdoor", "ID5", dir).sip(udpAndTls(freePort(), freePort(), pki, "frontdoor", true))
                .calls(calls(false)).door(door("4711"))
                .button("call", ButtonAction.call("sip:hall@127.0.0.1:" + hallTls + ";transport=tls"))
                .audio(tone(440)).build());

        door.hardware().emulatedButton("call").press();
        await().atMost(Duration.ofSeconds(10)).until(() -> hall.agent().currentCall().map(CallStatus::state)
                .equals(Optional.of(CallState.INCOMING)));
        hall.hardware().emulatedButton("answer").press();
        await().atMost(Duration.ofSeconds(5)).until(() -> door.agent().currentCall().map(CallStatus::state)
                .equals(Optional.of(CallState.CONNECTED)));
        Thread.sleep(1500);

        assertThat(door.heardHz()).as("the door station hears the hall").isCloseTo(1000, offset(30.0));
        assertThat(hall.heardHz()).as("the hall hears the door station").isCloseTo(440, offset(30.0));
        hall.hardware().emulatedButton("door-key").press();
        assertThat(door.hardware().emulatedRelay("door").awaitPulses(1, Duration.ofSeconds(5))).isTrue();
        assertThat(door.saw(StationEvent.Type.DOOR_OPENED, "dtmf")).isTrue();

        String callId = door.agent().currentCall().orElseThrow().callId();
        hall.hardware().emulatedButton("answer").press();
        await().atMost(Duration.ofSeconds(5)).until(() -> door.agent().currentCall().isEmpty());
        assertThat(door.agent().callLog().find(callId).orElseThrow().codec()).contains("opus/SRTP");
    }
}
