package org.openintercom.simulator.meshlan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's proof on a real LAN: three stations (door, hall, kitchen) in network namespaces joined by a bridge, one
 * agent each, and a running cloud-lite in a namespace of its own. With the cloud up a call goes through the relay;
 * cut the cloud, and the door's button rings both indoor stations over their IPv6 link-local addresses, the kitchen
 * answers, audio flows both ways, its DTMF door code opens the door; restore the cloud, and the call history gets the
 * offline record exactly once, also when the door station sends it again after a restart. Needs root and iproute2
 * (skipped otherwise).
 */
@Tag("netns")
class ThreeStationLanTest {

    private static final Duration WITHIN = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void with_the_cloud_cut_the_door_rings_an_indoor_station_over_link_local_and_the_record_arrives_once() {
        long t0 = System.nanoTime();
        try (ThreeStationLan lan = ThreeStationLan.start(dir, LanLogs.folder("three-station-lan"))) {
            try {
                scenario(lan);
            } catch (RuntimeException | AssertionError e) {
                e.addSuppressed(new AssertionError(lan.diagnostics()));
                throw e;
            }
        }
        System.out.printf("whole test %d ms%n", ms(t0));
    }

    private void scenario(ThreeStationLan lan) {
        callThroughTheRelay(lan);

        CutAndCall failover = CutAndCall.perform(lan);
        System.out.println(failover);
        // the door rang its peers at their link-local addresses, with the scope of its LAN interface
        for (LanStation indoor : List.of(lan.hall, lan.kitchen)) {
            assertThat(failover.doorRinging().get("peer." + indoor.deviceId()))
                    .as("%s's address as the door sees it", indoor.name()).matches("/\\[fe80:[0-9a-f:]+%lan0\\]:\\d+");
        }
        assertThat(failover.doorConnected().get("remote")).as("whom the door rang")
                .contains("sips:" + lan.hall.deviceId() + "@[fe80:", "sips:" + lan.kitchen.deviceId() + "@[fe80:");
        // and the kitchen was rung from the door's link-local address
        assertThat(failover.kitchenRinging().get("remote")).as("who rings the kitchen")
                .matches("sips?:" + lan.door.deviceId() + "@\\[fe80:[0-9a-f:]+\\].*");
        String callId = failover.doorConnected().get("callId");

        // audio both ways: the door hears the kitchen's 700 Hz, the kitchen the door's 440 Hz
        lan.door.await("hearing the kitchen", WITHIN, r -> Math.abs(r.number("heard") - 700) < 30);
        lan.kitchen.await("hearing the door", WITHIN, r -> Math.abs(r.number("heard") - 440) < 30);
        lan.hall.await("no longer ringing (cancelled)", WITHIN, r -> r.get("call").equals("-"));

        // the kitchen's door key sends the door code by DTMF: the door relay pulses
        int opens = lan.door.report().number("opens");
        lan.kitchen.press("door-key");
        lan.door.await("door opened", WITHIN, r -> r.number("opens") == opens + 1);

        lan.kitchen.press("answer"); // hang up
        StationReport ended = lan.door.await("idle with the call queued for the cloud", WITHIN,
                r -> r.get("call").equals("-") && r.list("outboxIds").equals(List.of(callId)));
        assertThat(ended.get("lastCall")).isEqualTo(callId + ",ANSWERED");
        String queued = lan.door.outboxLine(callId);

        // the cloud comes back: the record is delivered and recorded once
        long restored = System.nanoTime();
        lan.restoreCloud();
        lan.door.await("back in CLOUD mode with its outbox delivered", Duration.ofSeconds(40),
                r -> r.get("mode").equals("CLOUD") && r.number("outbox") == 0);
        JsonNode record = awaitOfflineRecord(lan, callId);
        System.out.printf("offline record in the call history %d ms after the cloud came back: %s%n", ms(restored),
                record);
        assertThat(record.path("routing").asText()).startsWith("mesh (offline)");
        assertThat(record.path("status").asText()).isEqualTo("ANSWERED");
        assertThat(record.path("answeredBy").asText()).isEqualTo(lan.kitchen.deviceId());

        // no second copy: not after a while, and not when the door sends it again. The door is stopped and its
        // outbox gets the record back, as if it had died between the POST and writing down the cloud's answer; at its
        // next start it sends the record again, the cloud answers "recorded before", and the history keeps one
        sleep(Duration.ofSeconds(3));
        assertThat(offlineRecords(lan, callId)).hasSize(1);
        lan.door.stop();
        lan.door.appendToOutbox(queued);
        lan.door.start();
        lan.door.await("reconnected with its outbox delivered again", Duration.ofSeconds(30),
                r -> r.get("channel").equals("true") && r.number("outbox") == 0);
        assertThat(lan.door.log()).contains("1 call record(s) from before the restart still wait for the cloud",
                "delivered 1 offline call record(s) to the cloud");
        sleep(Duration.ofSeconds(1));
        assertThat(offlineRecords(lan, callId)).as("after the door sent the record again").hasSize(1);
    }

    /** With the cloud up: the door's button rings flat-12 through the relay, the hall answers, they hear each other. */
    private static void callThroughTheRelay(ThreeStationLan lan) {
        lan.door.press("call");
        lan.hall.await("ringing through the relay", WITHIN, r -> r.get("call").equals("INCOMING"));
        lan.kitchen.await("ringing through the relay", WITHIN, r -> r.get("call").equals("INCOMING"));
        lan.hall.press("answer");
        StationReport connected = lan.door.await("connected through the relay", WITHIN,
                r -> r.get("call").equals("CONNECTED"));
        assertThat(connected.get("mode")).isEqualTo("CLOUD");
        lan.door.await("hearing the hall", WITHIN, r -> Math.abs(r.number("heard") - 1000) < 30);
        lan.hall.press("answer");
        lan.door.await("idle", WITHIN, r -> r.get("call").equals("-"));
        assertThat(lan.door.report().number("outbox")).as("a relay call is not queued for the cloud").isZero();
    }

    private static JsonNode awaitOfflineRecord(ThreeStationLan lan, String callId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<JsonNode> found = offlineRecords(lan, callId);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(200));
            found = offlineRecords(lan, callId);
        }
        assertThat(found).as("offline records of call %s in the cloud's history %s", callId, lan.callHistory(lan.door))
                .hasSize(1);
        return found.get(0);
    }

    private static List<JsonNode> offlineRecords(ThreeStationLan lan, String callId) {
        return lan.callHistory(lan.door).stream().filter(c -> c.path("callId").asText().equals(callId)).toList();
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
