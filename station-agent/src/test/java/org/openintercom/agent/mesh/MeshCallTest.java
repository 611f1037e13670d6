package org.openintercom.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;
import static org.openintercom.agent.interop.TestStations.door;

import java.io.ByteArrayInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.openintercom.agent.AgentMain;
import org.openintercom.agent.call.CallDirection;
import org.openintercom.agent.call.CallOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openintercom.agent.cloud.MeshFallbackPlan;
import org.openintercom.provisioning.channel.FallbackPlan;
import org.openintercom.agent.call.CallState;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.cloud.OfflineCallOutbox;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.config.CallSettings;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.interop.TestStations;
import org.openintercom.agent.sip.DtmfMode;
import org.openintercom.agent.sip.SipIdentity;
import org.openintercom.agent.sip.SipTransport;
import org.openintercom.provisioning.channel.StationCallReport;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.RevocationReason;

/**
 * Real station agents (JAIN-SIP, SRTP media, emulated hardware) claimed with certificates of one test CA, finding
 * each other over IPv4 mDNS on loopback: when their cloud link is cut, the door station's ring button rings the
 * indoor stations of its fallback plan at once, straight over SIP/TLS.
 */
class MeshCallTest extends TwoCas {

    static final MeshSettings SETTINGS = MeshDiscoveryTest.SETTINGS.extend().failAfter(Duration.ofSeconds(1))
            .recoverAfter(Duration.ofSeconds(2)).build();
    static final String RING_FLAT_12 = "sip:flat-12@relay.invalid:5061;transport=tls";


    private static ClaimedStation givenClaimed(TestPki pki, String id, String model, int toneHz,
            FakeCloudLink cloud, UnaryOperator<StationConfig.Builder> more) {
        return givenClaimed(pki, List.of(pki.root()), id, model, toneHz, cloud, more);
    }

    /** A station certified by {@code pki} that accepts peers certified under {@code trust}. */
    private static ClaimedStation givenClaimed(TestPki pki, List<X509Certificate> trust, String id, String model,
            int toneHz, FakeCloudLink cloud, UnaryOperator<StationConfig.Builder> more) {
        return ClaimedStation.start(pki, trust, dir, id, model, toneHz, SETTINGS, cloud, more);
    }

    private static ClaimedStation givenIndoor(TestPki pki, String id, int toneHz) {
        return givenClaimed(pki, id, "IM6", toneHz, new FakeCloudLink(dir.resolve(id + "-outbox.jsonl")),
                b -> b.button("answer", ButtonAction.of(ButtonAction.Kind.ANSWER))
                        .button("door-key", ButtonAction.sendDtmf("4711")));
    }

    private static ClaimedStation givenDoor(String id, FakeCloudLink cloud) {
        return givenClaimed(ours, id, "ID5", 440, cloud, b -> b.door(door("4711"))
                .button("call", ButtonAction.call(RING_FLAT_12)));
    }

    @Test
    void without_the_cloud_the_door_rings_its_indoor_stations_at_once_and_the_first_to_answer_talks()
            throws Exception {
        try (MeshStations stations = new MeshStations()) {
            ClaimedStation hall = stations.add(givenIndoor(ours, "hall", 700));
            ClaimedStation kitchen = stations.add(givenIndoor(ours, "kitchen", 1000));
            FakeCloudLink doorCloud = new FakeCloudLink(dir.resolve("door-outbox.jsonl"));
            ClaimedStation door = stations.add(givenDoor("door", doorCloud));
            OfflineCallOutbox outbox = doorCloud.useOutbox(door.deviceId());
            doorCloud.plan("call", hall.deviceId(), kitchen.deviceId());

            await().atMost(Duration.ofSeconds(30)).until(() -> door.station().agent().meshPeers().usable().keySet()
                    .containsAll(List.of(hall.deviceId(), kitchen.deviceId())));
            assertThat(door.station().agent().linkMode()).isEqualTo(LinkMode.CLOUD);
            int kitchenMesh = door.station().agent().meshPeers().get(kitchen.deviceId()).orElseThrow().address()
                    .getPort();
            assertThat(kitchen.station().agent().meshContacts()).as("the kitchen is called at its mesh engine")
                    .singleElement().asString().contains("@127.0.0.1:" + kitchenMesh + ";transport=tls");
            assertThat(kitchen.station().agent().engine().port(SipTransport.TLS)).isPresent().get()
                    .isNotEqualTo(kitchenMesh);

            doorCloud.channelUp = false; // the cloud is cut
            await().atMost(Duration.ofSeconds(5)).until(() -> door.station().agent().linkMode() == LinkMode.MESH);
            assertThat(door.station().saw(StationEvent.Type.LINK_MODE_CHANGED, "MESH")).isTrue();

            door.station().hardware().emulatedButton("call").press();
            await().atMost(Duration.ofSeconds(10)).until(() -> hall.callState().equals(Optional.of(CallState.INCOMING))
                    && kitchen.callState().equals(Optional.of(CallState.INCOMING)));
            kitchen.station().hardware().emulatedButton("answer").press();
            await().atMost(Duration.ofSeconds(5)).until(() -> door.callState().equals(Optional.of(CallState.CONNECTED)));
            await("the hall's ringing is cancelled").atMost(Duration.ofSeconds(5))
                    .until(() -> hall.callState().isEmpty());
            String hallCall = hall.station().agent().callLog().records().getLast().callId();
            assertThat(hall.station().agent().callLog().find(hallCall).orElseThrow().outcome())
                    .contains(CallOutcome.CANCELLED);
            // the first SRTP session of the JVM loads its crypto library (~2 s here)
            await("the door station hears the kitchen, the kitchen the door").atMost(Duration.ofSeconds(8))
                    .pollInterval(Duration.ofMillis(250)).until(() -> Math.abs(door.station().heardHz() - 1000) < 30
                            && Math.abs(kitchen.station().heardHz() - 440) < 30);
            kitchen.station().hardware().emulatedButton("door-key").press();
            assertThat(door.station().hardware().emulatedRelay("door").awaitPulses(1, Duration.ofSeconds(5))).isTrue();
            assertThat(door.station().saw(StationEvent.Type.DOOR_OPENED, "dtmf")).isTrue();

            doorCloud.channelUp = true; // the cloud is back during the call: the call goes on
            await().atMost(Duration.ofSeconds(5)).until(() -> door.station().agent().linkMode() == LinkMode.CLOUD);
            assertThat(door.callState()).contains(CallState.CONNECTED);
            assertThat(kitchen.callState()).contains(CallState.CONNECTED);
            Thread.sleep(700);
            assertThat(door.station().heardHz()).as("still talking after the switch").isCloseTo(1000, offset(30.0));

            String callId = door.station().agent().currentCall().orElseThrow().callId();
            kitchen.station().hardware().emulatedButton("answer").press();
            await().atMost(Duration.ofSeconds(5)).until(() -> door.callState().isEmpty());
            assertThat(door.station().agent().callLog().find(callId).orElseThrow().codec()).contains("opus/SRTP");

            await().atMost(Duration.ofSeconds(5)).until(() -> !outbox.pending().isEmpty());
            Thread.sleep(500);
            List<StationCallReport> pending = outbox.pending();
            assertThat(pending).hasSize(1);
            StationCallReport report = pending.get(0);
            assertThat(report.callId()).isEqualTo(callId);
            assertThat(report.station()).isEqualTo(door.deviceId());
            assertThat(report.target()).isEqualTo("flat-12");
            assertThat(report.targetsRung()).containsExactly(hall.deviceId(), kitchen.deviceId());
            assertThat(report.answeredBy()).contains(kitchen.deviceId());
            assertThat(report.outcome()).isEqualTo(StationCallReport.Outcome.ANSWERED);
        }
    }

    @Test
    void relay_silent_the_doors_press_rings_the_mesh_peers_within_seconds_although_the_link_is_still_cloud()
            throws Exception {
        try (MeshStations stations = new MeshStations();
                DatagramSocket relay = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // a relay that takes every datagram and never answers: the INVITE gets not even a 100 Trying
            String relayAt = "127.0.0.1:" + relay.getLocalPort() + ";transport=udp";
            ClaimedStation hall = stations.add(givenIndoor(ours, "hall7", 700));
            ClaimedStation kitchen = stations.add(givenIndoor(ours, "kitchen7", 1000));
            FakeCloudLink doorCloud = new FakeCloudLink(dir.resolve("door7-outbox.jsonl"));
            doorCloud.relayAt = relayAt;
            ClaimedStation door = stations.add(givenClaimed(ours, "door7", "ID5", 440, doorCloud,
                    b -> b.door(door("4711")).button("call", ButtonAction.call("sip:flat-12@" + relayAt))));
            OfflineCallOutbox outbox = doorCloud.useOutbox(door.deviceId());
            doorCloud.plan("call", hall.deviceId(), kitchen.deviceId());
            await().atMost(Duration.ofSeconds(30)).until(() -> door.station().agent().meshPeers().usable().keySet()
                    .containsAll(List.of(hall.deviceId(), kitchen.deviceId())));
            assertThat(door.station().agent().linkMode()).isEqualTo(LinkMode.CLOUD);

            long pressed = System.nanoTime();
            door.station().hardware().emulatedButton("call").press();
            await().atMost(Duration.ofSeconds(10)).until(() -> hall.callState().equals(Optional.of(CallState.INCOMING))
                    && kitchen.callState().equals(Optional.of(CallState.INCOMING)));
            double seconds = (System.nanoTime() - pressed) / 1e9;
            org.slf4j.LoggerFactory.getLogger(MeshCallTest.class).info(
                    "relay silent: press -> both indoor stations ringing over the mesh in {} s", String.format(
                            java.util.Locale.ROOT, "%.2f", seconds));
            assertThat(seconds).as("the relay answer timeout (2 s) and the mesh ringing").isLessThan(6);
            relay.setSoTimeout(1000);
            DatagramPacket invite = new DatagramPacket(new byte[65_535], 65_535);
            relay.receive(invite);
            assertThat(new String(invite.getData(), 0, invite.getLength(), StandardCharsets.UTF_8))
                    .as("the press went to the relay first").startsWith("INVITE sip:flat-12@");
            assertThat(door.station().agent().linkMode()).as("one silent call does not flip the mode")
                    .isEqualTo(LinkMode.CLOUD);
            assertThat(door.station().saw(StationEvent.Type.RELAY_UNANSWERED,
                    "button call (flat-12): no response from the relay within 2s; ringing")).isTrue();

            kitchen.station().hardware().emulatedButton("answer").press();
            await().atMost(Duration.ofSeconds(5)).until(() -> door.callState().equals(Optional.of(CallState.CONNECTED)));
            await("the hall's ringing is cancelled").atMost(Duration.ofSeconds(5))
                    .until(() -> hall.callState().isEmpty());
            await("the door station hears the kitchen").atMost(Duration.ofSeconds(8))
                    .pollInterval(Duration.ofMillis(250)).until(() -> Math.abs(door.station().heardHz() - 1000) < 30);
            String callId = door.station().agent().currentCall().orElseThrow().callId();
            kitchen.station().hardware().emulatedButton("answer").press();
            await().atMost(Duration.ofSeconds(5)).until(() -> door.callState().isEmpty());
            assertThat(door.station().agent().callLog().find(callId).orElseThrow().outcome())
                    .contains(CallOutcome.ANSWERED);

            await().atMost(Duration.ofSeconds(5)).until(() -> !outbox.pending().isEmpty());
            Thread.sleep(500);
            assertThat(outbox.pending()).singleElement().satisfies(report -> {
                assertThat(report.callId()).as("the mesh leg's id: the relay may know the call's own")
                        .isEqualTo(callId + ".fallback");
                assertThat(report.target()).isEqualTo("flat-12");
                assertThat(report.targetsRung()).containsExactly(hall.deviceId(), kitchen.deviceId());
                assertThat(report.answeredBy()).contains(kitchen.deviceId());
                assertThat(report.outcome()).isEqualTo(StationCallReport.Outcome.ANSWERED);
            });
            assertThat(door.station().agent().linkMode()).isEqualTo(LinkMode.CLOUD);
        }
    }

    @Test
    void a_mesh_call_live_when_the_agent_stops_is_kept_in_the_outbox() throws Exception {
        try (MeshStations stations = new MeshStations()) {
            ClaimedStation hall = stations.add(givenIndoor(ours, "hall5", 700));
            FakeCloudLink doorCloud = new FakeCloudLink(dir.resolve("door5-outbox.jsonl"));
            ClaimedStation door = givenDoor("door5", doorCloud);
            boolean stopped = false;
            try {
                doorCloud.useOutbox(door.deviceId());
                doorCloud.plan("call", hall.deviceId());
                await().atMost(Duration.ofSeconds(30)).until(() -> door.station().agent().meshPeers().usable()
                        .containsKey(hall.deviceId()));
                door.station().agent().forceLinkMode(Optional.of(LinkMode.MESH));
                door.station().hardware().emulatedButton("call").press();
                await().atMost(Duration.ofSeconds(10)).until(() -> hall.callState().equals(Optional.of(
                        CallState.INCOMING)));
                hall.station().hardware().emulatedButton("answer").press();
                await().atMost(Duration.ofSeconds(5)).until(() -> door.callState().equals(Optional.of(
                        CallState.CONNECTED)));
                String callId = door.station().agent().currentCall().orElseThrow().callId();

                // as the agent's shutdown hook does: the agent (hanging up) before the cloud link (its outbox)
                AgentMain.shutDown(door.station().agent(), doorCloud);
                stopped = true;

                try (OfflineCallOutbox kept = OfflineCallOutbox.open(dir.resolve("door5-outbox.jsonl"),
                        door.deviceId())) {
                    assertThat(kept.pending()).singleElement().satisfies(r -> {
                        assertThat(r.callId()).isEqualTo(callId);
                        assertThat(r.answeredBy()).contains(hall.deviceId());
                        assertThat(r.outcome()).isEqualTo(StationCallReport.Outcome.ANSWERED);
                    });
                }
            } finally {
                if (!stopped) {
                    door.close();
                }
            }
        }
    }

    @Test
    void a_second_call_at_the_mesh_engine_while_the_station_is_busy_is_refused_with_486() throws Exception {
        try (MeshStations stations = new MeshStations()) {
            ClaimedStation hall = stations.add(givenIndoor(ours, "hall6", 700));
            ClaimedStation door = stations.add(givenDoor("door6", new FakeCloudLink(dir.resolve("door6-outbox.jsonl"))));
            ClaimedStation kitchen = stations.add(givenIndoor(ours, "kitchen6", 1000));
            await().atMost(Duration.ofSeconds(10)).until(() -> !hall.station().agent().meshContacts().isEmpty());
            String hallMesh = hall.station().agent().meshContacts().get(0).replaceFirst("^sip:", "sips:");

            door.station().agent().dial(hallMesh).orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> hall.callState().equals(Optional.of(CallState.INCOMING)));
            hall.station().hardware().emulatedButton("answer").press();
            await().atMost(Duration.ofSeconds(5)).until(() -> door.callState().equals(Optional.of(CallState.CONNECTED)));

            String second = kitchen.station().agent().dial(hallMesh).orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> kitchen.callState().isEmpty());
            assertThat(kitchen.station().agent().callLog().find(second).orElseThrow().outcome())
                    .contains(CallOutcome.BUSY);
            assertThat(hall.callState()).as("the first call goes on").contains(CallState.CONNECTED);
            assertThat(hall.station().agent().callLog().records()).anyMatch(r -> r.direction()
                    == CallDirection.INCOMING && r.outcome().equals(Optional.of(CallOutcome.BUSY)));
        }
    }

    @Test
    void a_press_with_no_local_station_reachable_ends_visibly() throws Exception {
        try (MeshStations stations = new MeshStations()) {
            FakeCloudLink doorCloud = new FakeCloudLink(dir.resolve("lonely-outbox.jsonl"));
            ClaimedStation door = stations.add(givenDoor("lonely-door", doorCloud));
            doorCloud.plan("call", ours.station().deviceId()); // a station that is not on this LAN
            door.station().agent().forceLinkMode(Optional.of(LinkMode.MESH));

            door.station().hardware().emulatedButton("call").press();
            await().atMost(Duration.ofSeconds(5)).until(() -> door.station().saw(StationEvent.Type.NO_LOCAL_STATION,
                    "button call (flat-12): no local station reachable"));
            assertThat(door.station().agent().currentCall()).isEmpty();
            assertThat(door.station().agent().callLog().records()).isEmpty();
        }
    }

    @Test
    void a_station_whose_certificate_is_not_from_our_ca_cannot_call_in() throws Exception {
        try (MeshStations stations = new MeshStations()) {
            ClaimedStation hall = stations.add(givenIndoor(ours, "hall2", 700));
            // the rogue would accept the hall: only the hall can refuse the call
            ClaimedStation rogue = stations.add(givenClaimed(theirs, List.of(theirs.root(), ours.root()), "rogue",
                    "ID5", 440,
                    new FakeCloudLink(dir.resolve("rogue-outbox.jsonl")), b -> b.calls(new CallSettings(
                            Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(30), '*', false,
                            Duration.ZERO, DtmfMode.RFC4733, Duration.ofSeconds(30)))));
            await().atMost(Duration.ofSeconds(10)).until(() -> hall.station().agent().contacts().stream()
                    .anyMatch(c -> c.contains("transport=tls")) && rogue.station().agent().contacts().stream()
                    .anyMatch(c -> c.contains("transport=tls")));
            int hallTls = hall.station().agent().engine().port(SipTransport.TLS).orElseThrow();

            String callId = rogue.station().agent().dial("sips:" + hall.deviceId() + "@127.0.0.1:" + hallTls
                    + ";transport=tls").orElseThrow();
            // TLS 1.3: the caller learns of the refusal only when it reads, so its call may just go unanswered
            await().atMost(Duration.ofSeconds(40)).until(() -> rogue.callState().isEmpty());
            assertThat(rogue.station().agent().callLog().find(callId).orElseThrow().connectedAt()).isEmpty();
            assertThat(hall.station().agent().callLog().records()).noneMatch(r -> r.direction() == CallDirection.INCOMING);
        }
    }

    @Test
    void a_station_of_our_ca_on_the_kept_revocation_list_is_refused_with_403() throws Exception {
        try (MeshStations stations = new MeshStations();
                CapturedLog log = CapturedLog.of("org.openintercom.agent.sip.internal.IncomingCalls")) {
            ClaimedStation hall = stations.add(givenIndoor(ours, "hall3", 700));
            ClaimedStation revoked = stations.add(givenClaimed(ours, "revoked", "ID5", 440,
                    new FakeCloudLink(dir.resolve("revoked-outbox.jsonl")), b -> b));
            ours.ca().revoke(revoked.identity().chain().get(0).getSerialNumber(), RevocationReason.KEY_COMPROMISE);
            CachedCrl.in(hall.station().agent().config().dataDir()).store((X509CRL) CertificateFactory
                    .getInstance("X.509").generateCRL(new ByteArrayInputStream(ours.ca().crl())));
            await().atMost(Duration.ofSeconds(10)).until(() -> hall.station().agent().engine()
                    .port(SipTransport.TLS).isPresent() && revoked.station().agent().contacts().stream()
                    .anyMatch(c -> c.contains("transport=tls")));
            int hallTls = hall.station().agent().engine().port(SipTransport.TLS).orElseThrow();

            String callId = revoked.station().agent().dial("sips:" + hall.deviceId() + "@127.0.0.1:" + hallTls
                    + ";transport=tls").orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> revoked.callState().isEmpty());
            assertThat(revoked.station().agent().callLog().find(callId).orElseThrow().endDetail()).contains("403");
            assertThat(log.warnings()).anyMatch(w -> w.contains("refused") && w.contains("is revoked"));
            assertThat(hall.station().agent().callLog().records()).isEmpty();
        }
    }

    @Test
    void a_station_of_our_ca_whose_plan_does_not_ring_this_one_is_refused_with_403_and_one_whose_plan_does_rings() throws Exception {
        try (MeshStations stations = new MeshStations();
                CapturedLog log = CapturedLog.of("org.openintercom.agent.sip.internal.IncomingCalls")) {
            ClaimedStation hall = stations.add(givenIndoor(ours, "hall4", 700));
            ClaimedStation stranger = stations.add(givenClaimed(ours, "stranger", "ID5", 440,
                    new FakeCloudLink(dir.resolve("stranger-outbox.jsonl")), b -> b));
            await().atMost(Duration.ofSeconds(10)).until(() -> !hall.station().agent().meshContacts().isEmpty()
                    && !stranger.station().agent().meshContacts().isEmpty());
            String hallAtMesh = hall.station().agent().meshContacts().get(0);
            Path planFile = hall.station().agent().config().dataDir().resolve("cloud").resolve("mesh-fallback.json");
            Files.createDirectories(planFile.getParent());

            // the hall's callers: another station, not the stranger
            keepPlan(planFile, List.of("ABCDEFGHJK"));
            String refused = stranger.station().agent().dial(hallAtMesh).orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> stranger.callState().isEmpty());
            assertThat(stranger.station().agent().callLog().find(refused).orElseThrow().endDetail()).contains("403");
            assertThat(log.warnings()).anyMatch(w -> w.contains("refused") && w.contains("not among this station's mesh callers"));
            assertThat(hall.station().agent().callLog().records()).isEmpty();

            // the stranger's plan now rings the hall: its call rings
            keepPlan(planFile, List.of("ABCDEFGHJK", stranger.deviceId()));
            stranger.station().agent().dial(hallAtMesh).orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> hall.callState().filter(s -> s
                    == CallState.INCOMING).isPresent());
            stranger.station().agent().hangup();
        }
    }

    private static void keepPlan(Path file, List<String> site) throws java.io.IOException {
        Files.write(file, org.openintercom.provisioning.channel.ChannelJson.encode(new MeshFallbackPlan(Optional.of(
                new FallbackPlan(3, Map.of(), Optional.of(site))), Optional.of(java.time.Instant.now()))));
    }

    @Test
    void discovery_follows_the_identity_renewed_it_announces_the_new_certificate_unclaimed_it_leaves() {
        try (MeshStations stations = new MeshStations()) {
            ClaimedStation hall = stations.add(givenIndoor(ours, "hall4", 700));
            ClaimedStation kitchen = stations.add(givenIndoor(ours, "kitchen4", 1000));
            await().atMost(Duration.ofSeconds(30)).until(() -> kitchen.station().agent().meshPeers().usable()
                    .containsKey(hall.deviceId()));
            assertThat(kitchen.station().agent().meshPeers().get(hall.deviceId()).orElseThrow().announcement()
                    .fingerprint()).isEqualTo(hall.identity().fingerprint());

            // Renewing the identity restarts the hall's SIP stacks; a TLS channel thread of the stopped JAIN-SIP
            // stack may still throw ("SIP Stack Timer has been stopped") on a connection that was arriving. That is
            // harmless and not what this test checks, so the waits below do not fail on other threads' exceptions.
            TestPki.Identity renewed = ours.station(DeviceId.parse(hall.deviceId()));
            hall.station().agent().useSipIdentity(Optional.of(new SipIdentity(renewed.deviceId(), renewed.key(),
                    renewed.chain(), List.of(ours.root()), Optional.empty())));
            await("the kitchen verifies the hall's renewed certificate").dontCatchUncaughtExceptions()
                    .atMost(Duration.ofSeconds(40))
                    .until(() -> kitchen.station().agent().meshPeers().get(hall.deviceId())
                            .filter(p -> p.usable() && p.announcement().fingerprint().equals(renewed.fingerprint()))
                            .isPresent());

            hall.cloud().claimed = false;
            hall.station().agent().useSipIdentity(Optional.empty());
            await("the hall leaves the mesh when unclaimed").dontCatchUncaughtExceptions()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> !kitchen.station().agent().meshPeers().usable().containsKey(hall.deviceId()));
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5))
                    .until(() -> hall.station().agent().linkMode() == LinkMode.STANDALONE);
        }
    }
}
