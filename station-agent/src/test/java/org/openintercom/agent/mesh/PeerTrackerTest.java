package org.openintercom.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openintercom.agent.mesh.PeerVerifier.Verification;
import org.openintercom.provisioning.claim.DeviceId;

/** The peer table's rules: admission after verification, liveness by probes, impostors, goodbyes, logging once. */
class PeerTrackerTest {

    private static final String FP = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final MeshAnnouncement HALL = MeshAnnouncement.of("7K3M9Q2XHB", "Hall", "IM6", FP, 5061);
    private static final InetSocketAddress HALL_AT = new InetSocketAddress("127.0.0.2", 5061);
    private static final InetSocketAddress ELSEWHERE = new InetSocketAddress("127.0.0.3", 5061);

    /** Answers each address as told; unreachable unless told otherwise. */
    private final Map<InetSocketAddress, Verification> answers = new HashMap<>();
    private final RecordingPeerListener events = new RecordingPeerListener();
    private final CapturedLog log = CapturedLog.of(PeerTracker.class);
    private PeerTracker tracker;

    @BeforeEach
    void givenATracker() {
        PeerVerifier verifier = (announcement, address) ->
                answers.getOrDefault(address, Verification.unreachable("connection refused"));
        tracker = new PeerTracker(verifier, events, 3, Clock.systemUTC());
    }

    @AfterEach
    void detachLog() {
        log.close();
    }

    @Test
    void admits_a_peer_once_verified_and_tells_the_listener() {
        answers.put(HALL_AT, Verification.trusted());
        tracker.announced(HALL, HALL_AT, "7K3M9Q2XHB");
        assertThat(tracker.snapshot().get("7K3M9Q2XHB")).hasValueSatisfying(p -> {
            assertThat(p.usable()).isTrue();
            assertThat(p.address()).isEqualTo(HALL_AT);
        });
        assertThat(events.events()).containsExactly("up 7K3M9Q2XHB 127.0.0.2");
    }

    @Test
    void keeps_an_unreachable_peer_pending_and_admits_it_when_a_probe_gets_through() {
        tracker.announced(HALL, HALL_AT, "7K3M9Q2XHB");
        assertThat(tracker.snapshot().get("7K3M9Q2XHB")).hasValueSatisfying(p -> assertThat(p.verified()).isFalse());
        assertThat(tracker.snapshot().usable()).isEmpty();
        answers.put(HALL_AT, Verification.trusted());
        tracker.probeAll();
        assertThat(tracker.snapshot().usable()).containsKey("7K3M9Q2XHB");
        assertThat(events.events()).containsExactly("up 7K3M9Q2XHB 127.0.0.2");
    }

    @Test
    void marks_a_peer_gone_after_the_allowed_misses_and_back_when_it_answers() {
        answers.put(HALL_AT, Verification.trusted());
        tracker.announced(HALL, HALL_AT, "7K3M9Q2XHB");
        answers.remove(HALL_AT);
        tracker.probeAll();
        tracker.probeAll();
        assertThat(tracker.snapshot().usable()).containsKey("7K3M9Q2XHB");
        tracker.probeAll();
        assertThat(tracker.snapshot().usable()).isEmpty();
        assertThat(tracker.snapshot().get("7K3M9Q2XHB")).hasValueSatisfying(p -> assertThat(p.reachable()).isFalse());
        answers.put(HALL_AT, Verification.trusted());
        tracker.probeAll();
        assertThat(tracker.snapshot().usable()).containsKey("7K3M9Q2XHB");
        assertThat(events.events()).containsExactly("up 7K3M9Q2XHB 127.0.0.2",
                "down 7K3M9Q2XHB: 3 probes unanswered: connection refused", "up 7K3M9Q2XHB 127.0.0.2");
    }

    @Test
    void keeps_a_verified_peer_when_an_impostor_announces_its_device_id_elsewhere() {
        answers.put(HALL_AT, Verification.trusted());
        answers.put(ELSEWHERE, Verification.rejected("the certificate names device 0000000000, the announcement "
                + "7K3M9Q2XHB"));
        tracker.announced(HALL, HALL_AT, "7K3M9Q2XHB");
        tracker.announced(HALL, ELSEWHERE, "7K3M9Q2XHB (2)");
        assertThat(tracker.snapshot().get("7K3M9Q2XHB")).hasValueSatisfying(p -> {
            assertThat(p.address()).isEqualTo(HALL_AT);
            assertThat(p.usable()).isTrue();
        });
        assertThat(events.events()).hasSize(2).last().asString()
                .startsWith("rejected peer 7K3M9Q2XHB at /127.0.0.3:5061");
    }

    @Test
    void moves_a_peer_to_its_new_address_once_verified_there() {
        answers.put(HALL_AT, Verification.trusted());
        tracker.announced(HALL, HALL_AT, "7K3M9Q2XHB");
        tracker.announced(HALL, ELSEWHERE, "7K3M9Q2XHB");
        assertThat(tracker.snapshot().get("7K3M9Q2XHB").orElseThrow().address()).isEqualTo(HALL_AT);
        answers.put(ELSEWHERE, Verification.trusted());
        tracker.probeAll();
        assertThat(tracker.snapshot().get("7K3M9Q2XHB").orElseThrow().address()).isEqualTo(ELSEWHERE);
        assertThat(events.events()).containsExactly("up 7K3M9Q2XHB 127.0.0.2", "up 7K3M9Q2XHB 127.0.0.3");
    }

    @Test
    void logs_a_refused_peer_once_however_often_it_announces() {
        answers.put(HALL_AT, Verification.rejected("the certificate chain is not valid under our CA"));
        for (int i = 0; i < 5; i++) {
            tracker.announced(HALL, HALL_AT, "7K3M9Q2XHB");
        }
        assertThat(tracker.snapshot().byDeviceId()).isEmpty();
        assertThat(log.warnings()).singleElement().asString().isEqualTo(
                "mesh: ignoring peer 7K3M9Q2XHB at /127.0.0.2:5061: the certificate chain is not valid under our CA");
    }

    @Test
    void drops_a_peer_that_says_goodbye() {
        answers.put(HALL_AT, Verification.trusted());
        tracker.announced(HALL, HALL_AT, "7K3M9Q2XHB");
        tracker.removed("7K3M9Q2XHB");
        assertThat(tracker.snapshot().byDeviceId()).isEmpty();
        assertThat(events.events()).containsExactly("up 7K3M9Q2XHB 127.0.0.2",
                "down 7K3M9Q2XHB: left the mesh (mDNS goodbye)");
    }

    @Test
    void drops_a_peer_whose_certificate_stops_passing() {
        answers.put(HALL_AT, Verification.trusted());
        tracker.announced(HALL, HALL_AT, "7K3M9Q2XHB");
        answers.put(HALL_AT, Verification.rejected("the certificate 1f is revoked"));
        tracker.probeAll();
        assertThat(tracker.snapshot().byDeviceId()).isEmpty();
        assertThat(events.events()).contains("down 7K3M9Q2XHB: failed verification: the certificate 1f is revoked");
    }

    @Test
    void refuses_more_unverified_peers_than_it_keeps() {
        for (int i = 0; i < PeerTracker.MAX_PENDING; i++) {
            MeshAnnouncement other = MeshAnnouncement.of(DeviceId.random().value(), "n" + i, "IM6", FP, 5061);
            tracker.announced(other, new InetSocketAddress("127.0.0.9", 6000 + i), other.deviceId());
        }
        tracker.announced(HALL, HALL_AT, "7K3M9Q2XHB");
        assertThat(tracker.snapshot().byDeviceId()).hasSize(PeerTracker.MAX_PENDING).doesNotContainKey("7K3M9Q2XHB");
        assertThat(events.events()).containsExactly(
                "rejected peer 7K3M9Q2XHB at /127.0.0.2:5061: too many unverified peers (64)");
    }
}
