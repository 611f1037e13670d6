package org.openintercom.cloud.calls.sip;

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
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.call.CallState;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.interop.TestStations;
import org.openintercom.agent.tls.DemoPki;
import org.openintercom.provisioning.pki.Identities;

/**
 * Real station agents calling each other through the relay over TLS: the door station is authenticated by its
 * certificate (no digest), the relay connects to the indoor station over TLS with its own certificate, media is
 * SRTP end to end, and the indoor station's DTMF code opens the door.
 */
@Tag("interop")
class SipRelayStationsTest {

    @TempDir
    Path dir;
    SipRelay relay;
    TestStations.Running door;
    TestStations.Running hall;

    @AfterEach
    void stop() {
        if (door != null) {
            door.close();
        }
        if (hall != null) {
            hall.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void a_door_station_calls_an_indoor_station_through_the_relay_over_tls_and_dtmf_opens_the_door()
            throws Exception {
        DemoPki pki = DemoPki.in(dir.resolve("pki"));
        relay = SipRelay.start(SipRelayConfig.builder().udpPort(null).tcpPort(null)
                .tls(0, new RelayTls(pki.station("relay"), DemoPki.PASSWORD, pki.trustStore(), DemoPki.PASSWORD,
                        Identities::commonName))
                .build(), new InMemorySipAccounts());
        int relayTls = relay.port("tls").orElseThrow();
        int hallTls = freePort();
        hall = start(given("hall", "IM6", dir).sip(udpAndTls(freePort(), hallTls, pki, "hall", true))
                .calls(calls(false)).button("answer", ButtonAction.of(ButtonAction.Kind.ANSWER))
                .button("door-key", ButtonAction.sendDtmf("4711")).audio(tone(1000)).build());
        // the indoor station's contact (stations register with the relay in a later step; here it is bound)
        relay.location().update(new Binding("hall", "sip:hall@127.0.0.1:" + hallTls + ";transport=tls",
                "127.0.0.1:" + hallTls, "tls", "bound-by-test", 1, Instant.now().plus(Duration.ofHours(1)), null));
        door = start(given("frontdoor", "ID5", dir).sip(udpAndTls(freePort(), freePort(), pki, "frontdoor", true))
                .calls(calls(false)).door(door("4711"))
                .button("call", ButtonAction.call("sip:hall@127.0.0.1:" + relayTls + ";transport=tls"))
                .audio(tone(440)).build());

        door.hardware().emulatedButton("call").press();
        await().atMost(Duration.ofSeconds(10)).until(() -> hall.agent().currentCall().map(CallStatus::state)
                .equals(Optional.of(CallState.INCOMING)));
        hall.hardware().emulatedButton("answer").press();
        await().atMost(Duration.ofSeconds(5)).until(() -> door.agent().currentCall().map(CallStatus::state)
                .equals(Optional.of(CallState.CONNECTED)));
        // media starts after the answer (SRTP and Opus load on first use): wait until each hears the other
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(door.heardHz()).as("the door station hears the hall").isCloseTo(1000, offset(30.0));
            assertThat(hall.heardHz()).as("the hall hears the door station").isCloseTo(440, offset(30.0));
        });

        hall.hardware().emulatedButton("door-key").press();
        assertThat(door.hardware().emulatedRelay("door").awaitPulses(1, Duration.ofSeconds(5))).isTrue();
        assertThat(door.saw(StationEvent.Type.DOOR_OPENED, "dtmf")).isTrue();

        String callId = door.agent().currentCall().orElseThrow().callId();
        hall.hardware().emulatedButton("answer").press(); // hangs up: the BYE goes through the relay
        await().atMost(Duration.ofSeconds(5)).until(() -> door.agent().currentCall().isEmpty());
        assertThat(door.agent().callLog().find(callId).orElseThrow().codec()).contains("opus/SRTP");
        assertThat(relay.callsInProgress()).isZero();
    }
}
