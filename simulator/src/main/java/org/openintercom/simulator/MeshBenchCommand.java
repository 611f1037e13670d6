package org.openintercom.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.openintercom.agent.mesh.LinkMode;
import org.openintercom.simulator.scenario.Scenario;
import org.openintercom.simulator.scenario.ScenarioLoader;
import org.openintercom.simulator.scenario.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The mesh benchmark (docs/benchmarks.md, docs/mesh.md): with cloud-lite embedded and three claimed stations (a door
 * station, two indoor stations of its fallback plan) running the mesh on loopback, it measures over repeated runs
 * (a) the time from cutting the cloud to an answered mesh call, split into detection and press → ringing → answer,
 * and (b) the time for a newly started station to be discoverable by a running peer. Prints figures; asserts nothing
 * about them (exit 1 only when a run does not complete).
 */
@Command(name = "bench-mesh", description = "Prints cloud cut -> answered mesh call (detection, press -> ringing -> "
        + "answer) and new station -> discoverable, median and worst over repeated runs (loopback, IPv4 mDNS).")
final class MeshBenchCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(5);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--runs", defaultValue = "10", description = "Cloud cuts to time (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--discovery-runs", defaultValue = "10",
            description = "Station power-ons to time (default ${DEFAULT-VALUE}).")
    int discoveryRuns;

    @Option(names = "--fail-after", defaultValue = "15s",
            description = "mesh.fail-after of the stations (default ${DEFAULT-VALUE}, the stations' default).")
    String failAfter;

    @Option(names = "--recover-after", defaultValue = "3s", description = "mesh.recover-after (default "
            + "${DEFAULT-VALUE}; the default is 30 s: recovery is not measured, a short one only makes runs faster).")
    String recoverAfter;

    @Option(names = "--mdns-port", defaultValue = "15355", description = "The mDNS port on loopback (default "
            + "${DEFAULT-VALUE}; real stations use 5353 on IPv6 link-local).")
    int mdnsPort;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("openintercom-bench-mesh-");
        System.out.println("== OpenIntercom mesh benchmark (" + Runtime.getRuntime().availableProcessors()
                + " cores, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ")");
        System.out.println("   cloud-lite embedded, 3 claimed stations (ID5 door, 2 IM6) in one JVM; the mesh on "
                + "loopback: IPv4 mDNS on 127.0.0.1 port " + mdnsPort + " (real stations: IPv6 link-local, port 5353); "
                + "fail-after " + failAfter + ", recover-after " + recoverAfter
                + ", probes as by default (5 s, 3 misses)");
        Path consoleFile = dir.resolve("console.log");
        System.out.println("   the stations' console: " + consoleFile);
        Scenario scenario = new ScenarioLoader(dir, Optional.of(dir.resolve("pki"))).parse(scenarioYaml(), dir);
        try (OutputStream file = Files.newOutputStream(consoleFile);
                PrintStream console = new PrintStream(file, true, StandardCharsets.UTF_8);
                ScenarioRunner runner = new ScenarioRunner(scenario, console).start()) {
            if (!runner.run()) {
                System.out.println("FAILED to set up (see " + consoleFile + ")");
                return 1;
            }
            List<MeshCut> cuts = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                MeshCut cut = cutOnce(runner);
                cuts.add(cut);
                System.out.println("  cut " + i + ": " + cut);
                restore(runner);
            }
            List<Discovery> found = new ArrayList<>();
            try (MdnsWatch watch = MdnsWatch.onLoopback()) {
                for (int i = 1; i <= discoveryRuns; i++) {
                    Discovery d = discoverOnce(runner, watch);
                    found.add(d);
                    System.out.println("  power-on " + i + ": " + d);
                }
            }
            printSummary(cuts, found);
            return 0;
        } catch (BenchFailure e) {
            System.out.println("FAILED: " + e.getMessage() + " (see " + consoleFile + ")");
            return 1;
        }
    }

    /** One cut: stop cloud-lite, the door station turns MESH, the visitor presses, the hall answers. */
    private MeshCut cutOnce(ScenarioRunner runner) throws Exception {
        SimStation door = runner.station("frontdoor");
        long stopBegan = System.nanoTime();
        CompletableFuture<String> stopping = CompletableFuture.supplyAsync(() -> perform(runner, new Step.StopCloud()));
        long down = until("the door station's device channel to drop", () -> !door.cloud.channelUp());
        long mesh = until("the door station to turn MESH", () -> door.agent.linkMode() == LinkMode.MESH);
        int doorMark = door.events.mark();
        SimStation hall = runner.station("hall");
        SimStation kitchen = runner.station("kitchen");
        int hallMark = hall.events.mark();
        int kitchenMark = kitchen.events.mark();
        long press = System.nanoTime();
        door.hardware.emulatedButton("call").press();
        awaitState(hall, hallMark, "INCOMING");
        long hallRings = System.nanoTime();
        awaitState(kitchen, kitchenMark, "INCOMING");
        long bothRing = System.nanoTime();
        hall.hardware.emulatedButton("answer").press();
        awaitState(door, doorMark, "CONNECTED");
        long answered = System.nanoTime();
        door.agent.hangup();
        until("both stations to be idle", () -> door.agent.currentCall().isEmpty() && hall.agent.currentCall().isEmpty()
                && kitchen.agent.currentCall().isEmpty());
        String stopped = stopping.get();
        if (stopped != null) {
            throw new BenchFailure("stopping the cloud: " + stopped);
        }
        return new MeshCut(down - stopBegan, mesh - down, press - mesh, hallRings - press, bothRing - press,
                answered - bothRing);
    }

    /** The cloud back: every station connected and in CLOUD again, the mesh call delivered (the outbox empty). */
    private void restore(ScenarioRunner runner) throws Exception {
        require(perform(runner, new Step.StartCloud()), "starting the cloud");
        for (String id : List.of("frontdoor", "hall", "kitchen")) {
            require(perform(runner, new Step.ExpectConnected(id, STEP_TIMEOUT)), id + " reconnecting");
            require(perform(runner, new Step.ExpectLinkMode(id, "CLOUD", STEP_TIMEOUT)), id + " back to CLOUD");
        }
        SimStation door = runner.station("frontdoor");
        until("the door station's mesh call record to be delivered", () -> door.cloud.offlineCalls().pending()
                .isEmpty());
    }

    /**
     * One power cycle of the kitchen station while the door station runs: when is its announcement on the wire (a
     * passive browser resolves it), when is it usable at the door station, when has it verified the door station?
     */
    private Discovery discoverOnce(ScenarioRunner runner, MdnsWatch watch) throws Exception {
        SimStation door = runner.station("frontdoor");
        String kitchenId = runner.station("kitchen").cloud.deviceId().value();
        String doorId = door.cloud.deviceId().value();
        runner.powerOff("kitchen");
        until("the door station to forget the kitchen", () -> door.agent.meshPeers().get(kitchenId).isEmpty());
        watch.forget(kitchenId);
        long on = System.nanoTime();
        SimStation kitchen = runner.powerOn("kitchen");
        long[] seen = {0, 0};
        until("the kitchen and the door station to verify each other", () -> {
            long now = System.nanoTime();
            if (seen[0] == 0 && door.agent.meshPeers().usable().containsKey(kitchenId)) {
                seen[0] = now;
            }
            if (seen[1] == 0 && kitchen.agent.meshPeers().usable().containsKey(doorId)) {
                seen[1] = now;
            }
            return seen[0] != 0 && seen[1] != 0;
        });
        long announced = watch.resolvedAt(kitchenId);
        // -1: the passive browser missed it (JmDNS still held the old service): the other figures stand
        return new Discovery(announced < on ? -1 : announced - on, seen[0] - on, seen[1] - on);
    }

    private static String perform(ScenarioRunner runner, Step step) {
        try {
            return runner.perform(step);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void require(String failure, String what) {
        if (failure != null) {
            throw new BenchFailure(what + ": " + failure);
        }
    }

    private static void awaitState(SimStation s, int mark, String state) throws InterruptedException {
        boolean seen = s.events.await(mark, e -> e.type() == org.openintercom.agent.event.StationEvent.Type.CALL_STATE
                && e.detail().startsWith(state), Duration.ofSeconds(10));
        if (!seen) {
            throw new BenchFailure(s.id() + " did not reach " + state + " within 10 s");
        }
    }

    /** Polls until {@code condition} holds; returns System.nanoTime() then. */
    private static long until(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailure("waited " + STEP_TIMEOUT.toSeconds() + " s for " + what);
            }
            Thread.sleep(POLL.toMillis());
        }
        return System.nanoTime();
    }

    private void printSummary(List<MeshCut> cuts, List<Discovery> found) {
        System.out.println();
        System.out.println("cloud cut -> answered mesh call (" + cuts.size() + " runs; the cut = the door station's "
                + "device channel seen down; the visitor presses as soon as calls go MESH, the hall answers at once):");
        row("detection: channel down -> MESH", cuts.stream().mapToLong(MeshCut::detection),
                "fail-after " + failAfter + " + up to 1 s sampling");
        row("press -> the hall rings", cuts.stream().mapToLong(MeshCut::hallRings), "INVITE over TLS, 30 ms debounce");
        row("press -> both indoor stations ring", cuts.stream().mapToLong(MeshCut::bothRing), "");
        row("answer -> door station connected", cuts.stream().mapToLong(MeshCut::answer),
                "answer key (30 ms debounce), 200/ACK");
        row("press -> answered", cuts.stream().mapToLong(c -> c.bothRing() + c.answer()), "");
        row("cut -> answered (total)", cuts.stream().mapToLong(MeshCut::total), "");
        row("(stop began -> channel down)", cuts.stream().mapToLong(MeshCut::stopToDown),
                "cloud-lite's shutdown order, not a station figure");
        System.out.println("a newly started station -> discoverable (" + found.size() + " power-ons of a claimed "
                + "indoor station while the door station runs):");
        List<Discovery> watched = found.stream().filter(d -> d.announced() >= 0).toList();
        if (!watched.isEmpty()) {
            row("power-on -> announced (resolved by a browser)", watched.stream().mapToLong(Discovery::announced),
                    "agent start, identity from disk, JmDNS probing; " + watched.size() + " runs");
            row("announced -> usable at the running peer", watched.stream().mapToLong(d -> d.usable()
                    - d.announced()), "the peer resolves it, TLS handshake, chain/CRL/id/fingerprint");
        }
        row("power-on -> usable at the running peer", found.stream().mapToLong(Discovery::usable), "");
        row("power-on -> it has verified the running peer", found.stream().mapToLong(Discovery::reverse), "");
    }

    private static void row(String what, java.util.stream.LongStream nanos, String note) {
        long[] sorted = nanos.sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
        System.out.printf(Locale.ROOT, "  %-46s median %7.2f s, worst %7.2f s%s%n", what, median / 1e9,
                sorted[sorted.length - 1] / 1e9, note.isEmpty() ? "" : "  (" + note + ")");
    }

    private String scenarioYaml() {
        String mesh = "    mesh: {interfaces: [lo], mdns-port: " + mdnsPort + ", fail-after: " + failAfter
                + ", recover-after: " + recoverAfter + "}";
        return """
                name: mesh benchmark
                cloud: {}
                stations:
                  - station: {id: frontdoor, name: Front door, model: ID5}
                    door: {relay: door, pulse: 1s}
                    audio: {microphone: "tone:440", speaker: record}
                %s
                    claim:
                      site: Bench
                      configuration:
                        name: Front door
                        buttons: {call: {ring: flat-12}}
                        door: {pulse: 1s, dtmf-code: "1234"}
                  - station: {id: hall, name: Flat 12, model: IM6}
                    audio: {microphone: "tone:1000", speaker: record}
                %s
                    claim:
                      site: Bench
                      configuration: {name: Flat 12, buttons: {answer: {action: answer}}}
                  - station: {id: kitchen, name: Flat 12 kitchen, model: IM6}
                    audio: {microphone: "tone:700", speaker: record}
                %s
                    claim:
                      site: Bench
                      configuration: {name: Flat 12 kitchen, buttons: {answer: {action: answer}}}
                steps:
                  - ring-group: {id: flat-12, site: Bench, strategy: parallel, members: [hall, kitchen]}
                  - expect-fallback-plan: {station: frontdoor, button: call, targets: [hall, kitchen], within: 30s}
                  - expect-mesh-peers: {station: frontdoor, peers: [hall, kitchen], within: 60s}
                """.formatted(mesh, mesh, mesh);
    }

    /** The figures of one cut, in nanoseconds. */
    private record MeshCut(long stopToDown, long detection, long pressDelay, long hallRings, long bothRing,
            long answer) {
        long total() {
            return detection + pressDelay + bothRing + answer;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "channel down -> MESH %.2f s, press -> hall rings %.3f s, both %.3f s, "
                    + "-> answered %.3f s; cut -> answered %.2f s (stop began -> channel down %.2f s)",
                    detection / 1e9, hallRings / 1e9, bothRing / 1e9, answer / 1e9, total() / 1e9, stopToDown / 1e9);
        }
    }

    /** The figures of one power-on, in nanoseconds from the agent's start. */
    private record Discovery(long announced, long usable, long reverse) {
        @Override
        public String toString() {
            String on = announced < 0 ? "announcement not caught by the browser"
                    : String.format(Locale.ROOT, "announced after %.2f s", announced / 1e9);
            return on + String.format(Locale.ROOT, ", usable at the door station after %.2f s; it had verified the "
                    + "door station after %.2f s", usable / 1e9, reverse / 1e9);
        }
    }

    /** A run that did not complete. */
    private static final class BenchFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BenchFailure(String message) {
            super(message);
        }
    }
}
