package org.openintercom.cloud.calls.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;
import static org.openintercom.agent.interop.TestStations.calls;
import static org.openintercom.agent.interop.TestStations.door;
import static org.openintercom.agent.interop.TestStations.given;
import static org.openintercom.agent.interop.TestStations.start;
import static org.openintercom.agent.interop.TestStations.tone;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.call.CallState;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.config.SipSettings;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.interop.Baresip;
import org.openintercom.agent.interop.TestStations;
import org.openintercom.cloud.calls.media.MediaRelayConfig;
import org.openintercom.cloud.calls.routing.CallRouter;
import org.openintercom.cloud.calls.routing.GroupMember;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.RingStrategy;
import org.openintercom.hal.audio.ToneAnalysis;

/**
 * A door station's button targets a ring group of three real SIP phones (baresip, registered with digest) through
 * the relay, media anchored through the media relay: in a parallel group all ring, the first to answer talks (audio checked both ways) and the others get
 * CANCEL; in a sequential group the relay moves on to the next member after the advance time. DTMF from the
 * phone that answered opens the door. The station calls from 127.0.0.2, a source the relay trusts (stations
 * authenticate with their certificates over TLS in production; see {@link SipRelayStationsTest}).
 */
@Tag("interop")
class SipRelayGroupsTest {

    private static final String REALM = "openintercom";

    @TempDir
    Path dir;
    SipRelay relay;
    final InMemorySipAccounts accounts = new InMemorySipAccounts();
    final InMemoryRoutingDirectory directory = new InMemoryRoutingDirectory();
    RelayPhones phones;
    TestStations.Running station;

    @BeforeEach
    void startRelay() {
        for (String user : List.of("alice", "bob", "carol")) {
            accounts.put(SipAccount.withPassword(user, REALM, "pw-" + user + "-1234"));
        }
        relay = SipRelay.start(SipRelayConfig.builder().realm(REALM).tcpPort(null).trust("127.0.0.2/32")
                .media(MediaRelayConfig.builder().ports(24000, 24200).build()).build(),
                accounts, directory, new CallRouter(), CallObserver.NONE);
        phones = new RelayPhones(dir, relay);
    }

    @AfterEach
    void stop() {
        if (station != null) {
            station.close();
        }
        phones.close();
        relay.close();
    }

    private TestStations.Running doorStation(String target) throws Exception {
        SipSettings sip = new SipSettings(InetAddress.getByName("127.0.0.2"), Optional.of(TestStations.freePort()),
                Optional.empty(), Optional.empty(), Optional.empty(), "OpenIntercom/test");
        return start(given("frontdoor", "ID5", dir).sip(sip).calls(calls(false)).door(door("4711"))
                .button("call", ButtonAction.call("sip:" + target + "@127.0.0.1:" + relay.port("udp").orElseThrow()))
                .audio(tone(440)).build());
    }

    @Test
    void a_parallel_group_rings_every_phone_the_first_to_answer_talks_the_others_get_cancel_and_dtmf_opens()
            throws Exception {
        Baresip alice = phones.register("alice", 700, false);
        Baresip bob = phones.register("bob", 1000, false);
        Baresip carol = phones.register("carol", 1300, false);
        directory.put(RingGroup.of("residents", RingStrategy.PARALLEL, ZoneId.of("Europe/Berlin"),
                List.of(GroupMember.of("alice", 0), GroupMember.of("bob", 0), GroupMember.of("carol", 0))));
        station = doorStation("residents");

        station.hardware().emulatedButton("call").press();
        for (Baresip p : List.of(alice, bob, carol)) {
            p.awaitEvent("CALL_INCOMING", Duration.ofSeconds(10));
        }
        bob.command("accept", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> station.agent().currentCall().map(CallStatus::state)
                .equals(Optional.of(CallState.CONNECTED)));
        alice.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        carol.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(station.heardHz())
                .as("the door station hears bob").isCloseTo(1000, offset(30.0)));

        bob.command("sndcode", "4711");
        assertThat(station.hardware().emulatedRelay("door").awaitPulses(1, Duration.ofSeconds(5))).isTrue();
        assertThat(station.saw(StationEvent.Type.DOOR_OPENED, "dtmf")).isTrue();
        bob.command("hangup", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> station.agent().currentCall().isEmpty());
        assertTone(bob.decodedAudio(), 440, "bob hears the door station");
    }

    @Test
    void a_sequential_group_moves_to_the_next_member_after_the_advance_time() throws Exception {
        Baresip alice = phones.register("alice", 700, false);
        Baresip bob = phones.register("bob", 1000, false);
        directory.put(RingGroup.of("desk", RingStrategy.PRIORITY, ZoneId.of("Europe/Berlin"),
                List.of(GroupMember.of("bob", 2), GroupMember.of("alice", 1))).withTiming(5, 0));
        station = doorStation("desk");

        station.hardware().emulatedButton("call").press();
        alice.awaitEvent("CALL_INCOMING", Duration.ofSeconds(10));
        long aliceRang = System.nanoTime();
        bob.awaitEvent("CALL_INCOMING", Duration.ofSeconds(15));
        long advanced = (System.nanoTime() - aliceRang) / 1_000_000;
        alice.awaitEvent("CALL_CLOSED", Duration.ofSeconds(5)); // cancelled when her turn ended
        assertThat(advanced).as("ms until the next member rang").isBetween(4000L, 8000L);
        bob.command("accept", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> station.agent().currentCall().map(CallStatus::state)
                .equals(Optional.of(CallState.CONNECTED)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(station.heardHz())
                .as("the door station hears bob").isCloseTo(1000, offset(30.0)));
        bob.command("hangup", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> station.agent().currentCall().isEmpty());
    }

    private static void assertTone(Baresip.Recording heard, double hz, String what) {
        short[] middle = ToneAnalysis.slice(heard.samples(), heard.samples().length / 4,
                heard.samples().length * 3 / 4);
        assertThat(ToneAnalysis.dominantFrequency(middle, heard.sampleRate())).as(what).isCloseTo(hz,
                offset(hz * 0.05));
    }
}
