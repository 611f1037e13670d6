package org.openintercom.cloud.calls.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;
import static org.openintercom.agent.interop.TestStations.calls;
import static org.openintercom.agent.interop.TestStations.door;
import static org.openintercom.agent.interop.TestStations.given;
import static org.openintercom.agent.interop.TestStations.start;
import static org.openintercom.agent.interop.TestStations.tone;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.call.CallState;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.config.SipSettings;
import org.openintercom.agent.interop.Baresip;
import org.openintercom.agent.interop.TestStations;
import org.openintercom.cloud.calls.announce.Announcements;
import org.openintercom.cloud.calls.announce.ToneFiles;
import org.openintercom.cloud.calls.media.MediaRelayConfig;
import org.openintercom.cloud.calls.routing.CallRouter;
import org.openintercom.cloud.calls.routing.GroupAction;
import org.openintercom.cloud.calls.routing.GroupMember;
import org.openintercom.cloud.calls.routing.OpeningHours;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.RingStrategy;
import org.openintercom.hal.audio.ToneAnalysis;

/**
 * The relay's announcement server with our door station as the caller (it plays early media like any SIP phone):
 * a closed group's PLAY_MESSAGE is heard, then the call ends with 480 and is recorded as such; a caller waiting in
 * a group's queue hears its position, then ringback when a member is free, then the member who answers. The
 * messages are tones from an operator's announcements directory, so what the station heard can be told apart.
 */
@Tag("interop")
class SipRelayAnnouncementsTest {

    private static final String REALM = "openintercom";

    @TempDir
    Path dir;
    SipRelay relay;
    final InMemorySipAccounts accounts = new InMemorySipAccounts();
    final InMemoryRoutingDirectory directory = new InMemoryRoutingDirectory();
    RelayPhones phones;
    final List<TestStations.Running> stations = new ArrayList<>();
    final List<String> ends = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void startRelay() throws IOException {
        Path messages = Files.createDirectories(dir.resolve("announcements"));
        ToneFiles.write(messages.resolve("gone-fishing.wav"), 600, 3000);
        ToneFiles.write(messages.resolve("queue-next.wav"), 900, 1500);
        accounts.put(SipAccount.withPassword("alice", REALM, "pw-alice-1234"));
        relay = SipRelay.start(SipRelayConfig.builder().realm(REALM).tcpPort(null).trust("127.0.0.0/24")
                .media(MediaRelayConfig.builder().ports(24400, 24600).build())
                .announcements(Announcements.withDirectory(messages)).build(),
                accounts, directory, new CallRouter(), new CallObserver() {
                    @Override
                    public void unanswered(String callId, int status, String reason, boolean cancelled,
                            Instant at) {
                        ends.add(status + " " + reason);
                    }
                });
        phones = new RelayPhones(dir, relay);
    }

    @AfterEach
    void stop() {
        stations.forEach(TestStations.Running::close);
        phones.close();
        relay.close();
    }

    @Test
    void a_closed_group_plays_its_message_as_early_media_then_the_call_ends_with_480() throws Exception {
        directory.put(RingGroup.of("office", RingStrategy.PARALLEL, ZoneId.of("Europe/Berlin"),
                List.of(GroupMember.of("alice", 0))).withOpeningHours(OpeningHours.on(Set.of()),
                GroupAction.playMessage("gone-fishing")));
        TestStations.Running door = doorStation("frontdoor", "127.0.0.2", "office");

        long pressed = System.nanoTime();
        door.hardware().emulatedButton("call").press();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(door.heardHz())
                .as("the visitor hears the message").isCloseTo(600, offset(20.0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> door.agent().currentCall().isEmpty());
        long tookMs = (System.nanoTime() - pressed) / 1_000_000;
        assertThat(tookMs).as("the call lasts as long as the 3 s message").isBetween(2900L, 6000L);
        assertThat(ends).containsExactly("480 message gone-fishing played");
        assertThat(relay.media().orElseThrow().stats().portPairsInUse()).as("media ports given back").isZero();
    }

    @Test
    void a_phone_calling_with_srtp_hears_the_message_encrypted_with_the_key_the_relay_offered() throws Exception {
        directory.put(RingGroup.of("office", RingStrategy.PARALLEL, ZoneId.of("Europe/Berlin"),
                List.of(GroupMember.of("alice", 0))).withOpeningHours(OpeningHours.on(Set.of()),
                GroupAction.playMessage("gone-fishing")));
        accounts.put(SipAccount.withPassword("bob", REALM, "pw-bob-1234"));
        Baresip bob = phones.register("bob", "pw-bob-1234", 1000, false, 600, Optional.of("srtp-mand"),
                "PCMA/8000/1");

        bob.command("dial", "sip:office@127.0.0.1:" + relay.port("udp").orElseThrow());
        bob.awaitEvent("CALL_CLOSED", Duration.ofSeconds(15));
        Baresip.Recording heard = bob.decodedAudio();
        assertThat(heard.samples().length).as("samples bob decoded").isGreaterThan(heard.sampleRate() * 2);
        assertThat(ToneAnalysis.dominantFrequency(ToneAnalysis.slice(heard.samples(), heard.sampleRate() / 2,
                heard.sampleRate() * 2), heard.sampleRate())).as("bob hears the message through SRTP (PCMA)")
                .isCloseTo(600, offset(20.0));
        assertThat(ends).containsExactly("480 message gone-fishing played");
    }

    @Test
    void a_queued_caller_hears_its_position_then_ringback_then_the_member_who_answers() throws Exception {
        Baresip alice = phones.register("alice", 700, false);
        directory.put(RingGroup.of("desk", RingStrategy.PARALLEL, ZoneId.of("Europe/Berlin"),
                List.of(GroupMember.of("alice", 0))).withQueue(3, GroupAction.hangUp()));
        TestStations.Running first = doorStation("gate", "127.0.0.2", "desk");
        TestStations.Running second = doorStation("frontdoor", "127.0.0.3", "desk");

        first.hardware().emulatedButton("call").press();
        alice.awaitEvent("CALL_INCOMING", Duration.ofSeconds(10));
        alice.command("accept", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> connected(first));

        second.hardware().emulatedButton("call").press();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(second.heardHz())
                .as("the second caller hears that it is next").isCloseTo(900, offset(20.0)));

        alice.command("hangup", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> first.agent().currentCall().isEmpty());
        alice.awaitEvent("CALL_INCOMING", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(second.heardHz())
                .as("ringback while alice's phone rings").isCloseTo(425, offset(20.0)));
        alice.command("accept", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> connected(second));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(second.heardHz())
                .as("the second caller hears alice").isCloseTo(700, offset(30.0)));
        alice.command("hangup", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> second.agent().currentCall().isEmpty());
    }

    private static boolean connected(TestStations.Running station) {
        return station.agent().currentCall().map(CallStatus::state).equals(Optional.of(CallState.CONNECTED));
    }

    private TestStations.Running doorStation(String id, String address, String target) throws Exception {
        SipSettings sip = new SipSettings(InetAddress.getByName(address), Optional.of(TestStations.freePort()),
                Optional.empty(), Optional.empty(), Optional.empty(), "OpenIntercom/test");
        TestStations.Running station = start(given(id, "ID5", dir.resolve(id)).sip(sip).calls(calls(false))
                .door(door("4711")).button("call", ButtonAction.call("sip:" + target + "@127.0.0.1:"
                        + relay.port("udp").orElseThrow())).audio(tone(440)).build());
        stations.add(station);
        return station;
    }
}
