package org.openintercom.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.openintercom.agent.call.CallDirection;
import org.openintercom.agent.calllog.CallRecord;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.mesh.MeshPeer;
import org.openintercom.cloud.CloudLite;
import org.openintercom.provisioning.channel.FallbackPlan;
import org.openintercom.simulator.scenario.Step;

/**
 * Performs the scenario steps about the cloud going away and the local mesh taking over: stopping and starting the
 * cloud, where a station's calls go, whom it sees on the mesh, its fallback plan, and its offline call record
 * arriving in the cloud's call history once the cloud is back. Each returns null when it passed, else why not.
 */
final class MeshSteps {

    private static final Duration POLL = Duration.ofMillis(50);

    private final SimCloud cloud;
    private final Function<String, SimStation> stations;
    private final ConsolePrinter console;
    private volatile Instant stoppedAt;
    private volatile Instant startedAt;

    /** {@code cloud} may be null (a scenario without one); {@code stations} finds a station by id, now. */
    MeshSteps(SimCloud cloud, Function<String, SimStation> stations, ConsolePrinter console) {
        this.cloud = cloud;
        this.stations = stations;
        this.console = console;
    }

    String stopCloud() {
        if (cloud == null) {
            return "stopping the cloud needs 'cloud: {}' in the scenario";
        }
        if (!cloud.running()) {
            return "the cloud is stopped already";
        }
        console.line("cloud", "stopping cloud-lite: installer API, device endpoint, MQTT broker, call relay");
        long t0 = System.nanoTime();
        stoppedAt = Instant.now();
        startedAt = null;
        cloud.stop();
        console.line("cloud", String.format(Locale.ROOT, "STOPPED (took %.1f s): the stations are on their own",
                (System.nanoTime() - t0) / 1e9));
        return null;
    }

    String startCloud() {
        if (cloud == null) {
            return "starting the cloud needs 'cloud: {}' in the scenario";
        }
        if (cloud.running()) {
            return "the cloud runs already";
        }
        long t0 = System.nanoTime();
        CloudLite c = cloud.start();
        startedAt = Instant.now();
        console.line("cloud", String.format(Locale.ROOT, "started again in %.1f s from %s (the same H2 database, CA "
                + "and ports): MQTT %s, call relay %s", (System.nanoTime() - t0) / 1e9, cloud.dataDir(), c.mqttUri(),
                c.relayUri().orElse("off")));
        return null;
    }

    String expectLinkMode(Step.ExpectLinkMode e) throws InterruptedException {
        long deadline = System.nanoTime() + e.within().toNanos();
        String mode = "?";
        while (System.nanoTime() < deadline) {
            SimStation s = stations.apply(e.station());
            mode = s.agent.linkMode().name();
            if (mode.equals(e.mode())) {
                Optional<Instant> changed = s.events.last(ev -> ev.type() == StationEvent.Type.LINK_MODE_CHANGED
                        && ev.detail().startsWith(e.mode())).map(StationEvent::at);
                boolean back = e.mode().equals("CLOUD");
                Instant since = back ? startedAt : stoppedAt;
                if (changed.isPresent() && since != null && changed.get().isAfter(since)) {
                    console.line(s.id(), String.format(Locale.ROOT, "calls went %s %.1f s after the cloud %s", mode,
                            Duration.between(since, changed.get()).toMillis() / 1000.0,
                            back ? "was up again" : "began to stop"));
                }
                return null;
            }
            Thread.sleep(POLL.toMillis());
        }
        return "calls go " + mode + " after " + e.within().toSeconds() + " s";
    }

    /** The station's device channel (MQTT) to the cloud is up. */
    String expectConnected(Step.ExpectConnected e) throws InterruptedException {
        long deadline = System.nanoTime() + e.within().toNanos();
        while (System.nanoTime() < deadline) {
            SimStation s = stations.apply(e.station());
            if (s.cloud == null) {
                return s.id() + " has no cloud";
            }
            if (s.cloud.channelUp()) {
                Instant since = startedAt;
                console.line(s.id(), "device channel to the cloud is up" + (since == null ? ""
                        : String.format(Locale.ROOT, " (%.1f s after the cloud was up again)",
                                Duration.between(since, Instant.now()).toMillis() / 1000.0)));
                return null;
            }
            Thread.sleep(POLL.toMillis());
        }
        return "its device channel is still down after " + e.within().toSeconds() + " s";
    }

    String expectMeshPeers(Step.ExpectMeshPeers e) throws InterruptedException {
        long deadline = System.nanoTime() + e.within().toNanos();
        List<String> missing = e.peers();
        while (System.nanoTime() < deadline) {
            SimStation s = stations.apply(e.station());
            Map<String, MeshPeer> usable = s.agent.meshPeers().usable();
            missing = e.peers().stream().filter(p -> deviceId(p).map(id -> !usable.containsKey(id)).orElse(true))
                    .toList();
            if (missing.isEmpty()) {
                for (String p : e.peers()) {
                    MeshPeer peer = usable.get(deviceId(p).orElseThrow());
                    console.line(s.id(), "sees " + p + " on the mesh: " + peer.deviceId() + " '"
                            + peer.announcement().displayName() + "' at " + peer.address()
                            + ", certificate verified");
                }
                return null;
            }
            Thread.sleep(POLL.toMillis());
        }
        return "does not see " + String.join(", ", missing) + " on the mesh after " + e.within().toSeconds() + " s";
    }

    String expectFallbackPlan(Step.ExpectFallbackPlan e) throws InterruptedException {
        long deadline = System.nanoTime() + e.within().toNanos();
        List<String> wanted = new ArrayList<>();
        for (String t : e.targets()) {
            Optional<String> id = deviceId(t);
            if (id.isEmpty()) {
                return t + " is not claimed, so it cannot be in a fallback plan";
            }
            wanted.add(id.get());
        }
        List<String> held = List.of();
        while (System.nanoTime() < deadline) {
            SimStation s = stations.apply(e.station());
            if (s.cloud == null) {
                return s.id() + " has no cloud, so no fallback plan";
            }
            var plan = s.cloud.sync().fallbackPlan();
            held = plan.targetsFor(e.button()).stream().map(FallbackPlan.Target::deviceId).toList();
            if (held.equals(wanted)) {
                console.line(s.id(), "fallback plan generation " + plan.generation() + " (kept on its disk): button "
                        + e.button() + " rings " + String.join(", ", held) + " over the mesh");
                return null;
            }
            Thread.sleep(POLL.toMillis());
        }
        return "its plan rings " + held + " for button " + e.button() + ", not " + wanted;
    }

    /** The station's last outgoing call, once in the cloud's history as a mesh (offline) call; the outbox empty. */
    String expectOfflineCallRecord(Step.ExpectOfflineCallRecord r) throws InterruptedException {
        if (cloud == null || !cloud.running()) {
            return "the cloud is not running";
        }
        SimStation s = stations.apply(r.station());
        if (s.cloud == null) {
            return s.id() + " is not claimed by a cloud";
        }
        Optional<CallRecord> last = s.agent.callLog().records().stream()
                .filter(c -> c.direction() == CallDirection.OUTGOING && !c.live()).reduce((a, b) -> b);
        if (last.isEmpty()) {
            return s.id() + " placed no call";
        }
        String callId = last.get().callId();
        String device = s.cloud.deviceId().value();
        String answerer = r.answeredBy().flatMap(this::deviceId).orElse(null);
        long deadline = System.nanoTime() + r.within().toNanos();
        String seen = "no record of call " + callId;
        try (InstallerClient operator = InstallerClient.signIn(cloud.cloud().apiUri(), "admin",
                SimCloud.ADMIN_PASSWORD)) {
            while (System.nanoTime() < deadline) {
                List<JsonNode> records = records(operator, device, callId);
                boolean outboxEmpty = stations.apply(r.station()).cloud.offlineCalls().pending().isEmpty();
                if (records.size() > 1) {
                    return "call " + callId + " is in the call history " + records.size() + " times";
                }
                if (records.size() == 1) {
                    JsonNode call = records.get(0);
                    seen = call.path("status").asText() + " answered by " + call.path("answeredBy").asText("nobody")
                            + ", routing '" + call.path("routing").asText() + "'"
                            + (outboxEmpty ? "" : ", still in the station's outbox");
                    if (call.path("routing").asText().startsWith("mesh (offline)")
                            && call.path("status").asText().equals(r.status())
                            && (answerer == null || answerer.equals(call.path("answeredBy").asText()))
                            && outboxEmpty) {
                        return once(operator, device, callId, call);
                    }
                }
                Thread.sleep(200);
            }
        }
        return "the call history shows " + seen;
    }

    /** Looks again a moment later: a duplicate delivery would show as a second row. */
    private String once(InstallerClient operator, String device, String callId, JsonNode call)
            throws InterruptedException {
        Thread.sleep(1000);
        int rows = records(operator, device, callId).size();
        if (rows != 1) {
            return "call " + callId + " is in the call history " + rows + " times";
        }
        List<String> rung = new ArrayList<>();
        call.path("targetsRung").forEach(t -> rung.add(t.path("target").asText()));
        console.line("cloud", "call history (once; the station's outbox is empty): " + call.path("routing").asText()
                + "; target " + call.path("target").asText() + ", rang " + String.join(", ", rung) + ", "
                + call.path("status").asText() + " by " + call.path("answeredBy").asText("nobody") + ", ring "
                + call.path("ringSeconds").asText() + " s, talk " + call.path("talkSeconds").asText() + " s, call id "
                + callId);
        return null;
    }

    private static List<JsonNode> records(InstallerClient operator, String device, String callId) {
        List<JsonNode> out = new ArrayList<>();
        operator.call("GET", "/api/v1/calls?limit=1000&device=" + device, null).path("items").forEach(c -> {
            if (c.path("callId").asText().equals(callId)) {
                out.add(c);
            }
        });
        return out;
    }

    private Optional<String> deviceId(String station) {
        SimStation s = stations.apply(station);
        return s == null || s.cloud == null ? Optional.empty() : Optional.of(s.cloud.deviceId().value());
    }
}
