package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.openintercom.cloud.calls.media.RemoteMedia;
import org.openintercom.cloud.calls.media.SdpRewriter;

/**
 * The media relay benchmark (docs/benchmarks.md): how many concurrent G.711 calls cloud-lite's media relay carries
 * with less than 0.1 % packet loss, against rtpengine on the same machine and with the same load generator. Each
 * relay runs as a process of its own and is driven over rtpengine's ng protocol (offer, answer, delete); the load
 * steps up until a step loses too much, then the gap is narrowed.
 */
public final class MediaBench {

    /** Packets lost or late above this share fail a step, in percent. */
    static final double LOSS_LIMIT_PERCENT = 0.1;
    // the relays run side by side, below Linux's ephemeral ports, where the phones bind
    private static final int OURS_PORT_MIN = 10000;
    private static final int OURS_PORT_MAX = 20999;
    private static final int RTPENGINE_PORT_MIN = 21000;
    private static final int RTPENGINE_PORT_MAX = 31999;
    private static final int WARM_UP_SECONDS = 5;

    /** What to run. */
    public record Options(int firstCalls, int maxCalls, int seconds, int refinements, int generatorThreads,
            int lateMillis, boolean rtpengine) {
    }

    /** One load step through one relay. */
    record Step(int calls, int seconds, RtpLoadGenerator.Outcome outcome, double wallSeconds, double relayCpu,
            double jvmCpu, double machineBusy) {

        long lost() {
            return outcome.missing() + outcome.late();
        }

        double lossPercent() {
            return outcome.sent() == 0 ? 100 : 100.0 * lost() / outcome.sent();
        }

        /** Less than 0.1 % lost, and the generator offered the load: it skipped less than 0.1 % of the slots. */
        boolean passed() {
            return outcome.sent() > 0 && lossPercent() < LOSS_LIMIT_PERCENT
                    && outcome.skippedPercent() < LOSS_LIMIT_PERCENT;
        }

        /** CPU seconds the rest of the machine used meanwhile: other jobs, the kernel's own threads. */
        double othersCpu() {
            return Math.max(0, machineBusy - relayCpu - jvmCpu);
        }

        double percentOfCore(double cpuSeconds) {
            return 100 * cpuSeconds / wallSeconds;
        }
    }

    private final Options options;
    private final PrintStream out;
    private final InetAddress loopback = InetAddress.getLoopbackAddress();
    private int stepNumber;

    public MediaBench(Options options, PrintStream out) {
        if (options.firstCalls() < 1 || options.maxCalls() < options.firstCalls() || options.seconds() < 1) {
            throw new IllegalArgumentException("bench-media: --first " + options.firstCalls() + ", --max "
                    + options.maxCalls() + ", --seconds " + options.seconds() + " do not make a run");
        }
        this.options = options;
        this.out = out;
    }

    /** Runs the benchmark; returns the number of failures (a relay that did not start, died or passed no step). */
    public int run() throws IOException, InterruptedException {
        String version = RelayProcess.rtpengineVersion();
        out.printf(Locale.ROOT, "== OpenIntercom media relay benchmark (%d cores, %s %s; load average %s; "
                + "rtpengine %s)%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), MachineCpu.loadAverage(), version == null ? "not installed"
                : version);
        out.printf(Locale.ROOT, "  each call: 2 phones on loopback, G.711 RTP (%d-byte packets, 20 ms) both ways "
                + "through the relay; %d s per step; a step passes with < %.1f %% lost (missing, or later than %d ms)"
                + "; generator: %d threads%n", RtpPhone.PACKET_BYTES, options.seconds(), LOSS_LIMIT_PERCENT,
                options.lateMillis(), options.generatorThreads());
        Path dir = Files.createTempDirectory("openintercom-media-bench-");
        List<Contender> contenders = new ArrayList<>();
        int failures = 0;
        try {
            failures += start(contenders, "cloud-lite", () -> RelayProcess.ours(dir, OURS_PORT_MIN, OURS_PORT_MAX));
            if (!options.rtpengine()) {
                out.println("  rtpengine skipped (--skip-rtpengine)");
            } else if (version == null) {
                out.println("  rtpengine is not installed (apt-get install -y rtpengine-daemon): no reference");
            } else {
                failures += start(contenders, "rtpengine",
                        () -> RelayProcess.rtpengine(dir, RTPENGINE_PORT_MIN, RTPENGINE_PORT_MAX));
            }
            for (Contender c : contenders) {
                print(c, "warm-up", step(c.relay, Math.min(100, options.firstCalls()), WARM_UP_SECONDS));
            }
            // the relays take turns at each load, so both see the same machine when others share it
            boolean more = true;
            while (more) {
                more = false;
                for (Contender c : contenders) {
                    if (c.alive && c.search.next().isPresent()) {
                        more = true;
                        searchStep(c);
                    }
                }
            }
            for (Contender c : contenders) {
                failures += c.best == null || !c.alive ? 1 : 0;
            }
            summary(contenders, version);
            return failures;
        } finally {
            for (Contender c : contenders) {
                c.relay.close();
            }
            deleteTree(dir);
        }
    }

    /** A relay under test with its search. */
    private final class Contender {
        final String label;
        final RelayProcess relay;
        final StepSearch search = new StepSearch(options.firstCalls(), options.maxCalls(), options.refinements(), 10);
        final Map<Integer, Step> steps = new TreeMap<>();
        Step best;
        boolean alive = true;

        Contender(String label, RelayProcess relay) {
            this.label = label;
            this.relay = relay;
        }
    }

    /** Starts a relay and adds it to {@code contenders}; returns 1 when it failed to start. */
    private int start(List<Contender> contenders, String label, Supplier<RelayProcess> starter) {
        try {
            RelayProcess relay = starter.get();
            contenders.add(new Contender(label, relay));
            out.printf(Locale.ROOT, "  %s: %s, ng control on %s%n", label, relay.name(), relay.ng());
            return 0;
        } catch (RuntimeException e) {
            out.println("  " + label + " FAILED to start: " + e.getMessage());
            return 1;
        }
    }

    /** Runs the next step of {@code c}'s search. */
    private void searchStep(Contender c) throws InterruptedException {
        int calls = c.search.next().getAsInt();
        Step step;
        try {
            step = step(c.relay, calls, options.seconds());
            if (!step.passed() && generatorStarved(step) && c.relay.isAlive()) {
                print(c, "RETRY", step);
                step = step(c.relay, calls, options.seconds());
            }
        } catch (RuntimeException e) {
            out.println("  " + c.label + " FAILED at " + calls + " calls: " + e.getMessage());
            c.alive = false;
            return;
        }
        c.alive = c.relay.isAlive();
        print(c, step.passed() && c.alive ? "PASS" : "FAIL", step);
        if (!c.alive) {
            out.println("  " + c.relay.name() + " died: " + c.relay.output());
            return;
        }
        c.search.record(calls, step.passed());
        c.steps.put(calls, step);
        if (step.passed() && (c.best == null || calls > c.best.calls())) {
            c.best = step;
        }
    }

    /**
     * Whether the generator itself was held up (a send slot missed by more than half the lateness limit) while the
     * step lost less than half its packets: then late packets may have waited for the generator rather than the
     * relay (on a machine shared with other jobs), and the step is run once more before it counts as failed.
     */
    private boolean generatorStarved(Step step) {
        return step.outcome().maxLagMillis() > starvedMillis() && step.lossPercent() < 50;
    }

    /** Half the lateness limit (100 ms by default): a generator held up longer skips slots and may retry a step. */
    private long starvedMillis() {
        return options.lateMillis() > 0 ? Math.max(1, options.lateMillis() / 2) : 100;
    }

    /** Sets up {@code calls} calls through the relay, runs them for {@code seconds}, tears them down. */
    private Step step(RelayProcess relay, int calls, int seconds) throws InterruptedException {
        int number = ++stepNumber;
        List<RtpPhone[]> phones = new ArrayList<>();
        try (NgClient ng = new NgClient(relay.ng(), Duration.ofSeconds(2))) {
            try {
                for (int i = 0; i < calls; i++) {
                    RtpPhone caller = new RtpPhone(loopback);
                    RtpPhone callee = new RtpPhone(loopback);
                    phones.add(new RtpPhone[] {caller, callee});
                    String callId = "bench-" + number + "-" + i;
                    String toCallee = ng.offer(callId, "caller-" + i, sdp(caller.port(), callId));
                    String toCaller = ng.answer(callId, "caller-" + i, "callee-" + i, sdp(callee.port(), callId));
                    callee.connect(relayPort(toCallee), caller);
                    caller.connect(relayPort(toCaller), callee);
                }
                double relayBefore = relay.cpuSeconds();
                double jvmBefore = CpuTime.thisJvm();
                MachineCpu machineBefore = MachineCpu.now();
                long t0 = System.nanoTime();
                RtpLoadGenerator.Outcome outcome = new RtpLoadGenerator(options.generatorThreads(),
                        options.lateMillis() * 1000L, starvedMillis()).run(phones, seconds);
                double wall = (System.nanoTime() - t0) / 1e9;
                return new Step(calls, seconds, outcome, wall, relay.cpuSeconds() - relayBefore,
                        CpuTime.thisJvm() - jvmBefore, MachineCpu.now().busySecondsSince(machineBefore));
            } finally {
                for (int i = 0; i < phones.size(); i++) {
                    try {
                        ng.delete("bench-" + number + "-" + i, "caller-" + i);
                    } catch (RuntimeException e) {
                        // the relay may not know a call whose offer failed; the next step uses new call-ids
                    }
                    phones.get(i)[0].close();
                    phones.get(i)[1].close();
                }
            }
        }
    }

    /** A phone's SDP offer or answer: PCMU on {@code port} of loopback, 20 ms packets. */
    private static String sdp(int port, String callId) {
        return "v=0\r\n"
                + "o=- " + Math.abs(callId.hashCode()) + " 1 IN IP4 127.0.0.1\r\n"
                + "s=-\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n";
    }

    private static InetSocketAddress relayPort(String sdp) {
        RemoteMedia media = SdpRewriter.remoteMedia(sdp).orElseThrow(
                () -> new IllegalStateException("the relay's SDP has no audio: " + sdp));
        return media.rtp();
    }

    private void print(Contender c, String verdict, Step s) {
        RtpLoadGenerator.Outcome o = s.outcome();
        out.printf(Locale.ROOT, "  %-10s %-7s %4d calls, %d s: sent %,d, lost %d (%d missing, %d late) = %.3f %%; "
                + "latency p50 %.0f us, p99 %.0f us, max %.1f ms; relay CPU %.0f %% of a core (%.1f us/packet); "
                + "generator %.0f %% (JVM %.0f %%); other processes %.0f %%; max send lag %.1f ms%s%n", c.label,
                verdict, s.calls(), s.seconds(), o.sent(), s.lost(), o.missing(), o.late(), s.lossPercent(),
                o.latencies().percentileMicros(50), o.latencies().percentileMicros(99),
                o.latencies().maxMicros() / 1000,
                s.percentOfCore(s.relayCpu()), cpuPerPacketMicros(s), s.percentOfCore(o.generatorCpuSeconds()),
                s.percentOfCore(s.jvmCpu()), s.percentOfCore(s.othersCpu()), o.maxLagMillis(), extras(o));
    }

    private static String extras(RtpLoadGenerator.Outcome o) {
        StringBuilder sb = new StringBuilder();
        if (o.skipped() > 0) {
            sb.append(String.format(Locale.ROOT, "; %,d slots (%.3f %%) skipped by the held-up generator", o.skipped(),
                    o.skippedPercent()));
        }
        if (o.sendFailures() > 0) {
            sb.append("; ").append(o.sendFailures()).append(" sends failed in the generator (not counted as sent)");
        }
        if (o.duplicates() > 0 || o.foreign() > 0) {
            sb.append("; ").append(o.duplicates()).append(" duplicates, ").append(o.foreign()).append(" foreign");
        }
        return sb.toString();
    }

    private static double cpuPerPacketMicros(Step s) {
        return s.outcome().sent() == 0 ? Double.NaN : s.relayCpu() * 1e6 / s.outcome().sent();
    }

    private void summary(List<Contender> contenders, String version) {
        out.printf(Locale.ROOT, "most concurrent calls with < %.1f %% loss (%d s steps, 50 packets/s each way):%n",
                LOSS_LIMIT_PERCENT, options.seconds());
        Step ours = null;
        Step theirs = null;
        for (Contender c : contenders) {
            String what = c.label.equals("rtpengine") ? "rtpengine " + version + " (userspace, --table=-1)"
                    : "cloud-lite MediaRelay (child JVM, " + MediaRelayNgServer.IO_THREADS + " I/O threads)";
            out.printf(Locale.ROOT, "  %-52s %s%n", what + ":", describe(c.best));
            if (c.label.equals("rtpengine")) {
                theirs = c.best;
            } else {
                ours = c.best;
            }
        }
        if (ours != null && theirs != null) {
            out.printf(Locale.ROOT, "  ratio cloud-lite/rtpengine: %.2f (calls)%n",
                    ours.calls() / (double) theirs.calls());
        }
        if (contenders.size() == 2) {
            cpuAtSameLoad(contenders.get(0), contenders.get(1));
        }
        out.printf(Locale.ROOT, "  load average at the end: %s%n", MachineCpu.loadAverage());
    }

    /** Relay CPU per packet of both relays at each load both ran (it falls as the load rises). */
    private void cpuAtSameLoad(Contender a, Contender b) {
        StringBuilder line = new StringBuilder();
        for (Map.Entry<Integer, Step> e : a.steps.entrySet()) {
            Step other = b.steps.get(e.getKey());
            if (other != null) {
                double x = cpuPerPacketMicros(e.getValue());
                double y = cpuPerPacketMicros(other);
                line.append(String.format(Locale.ROOT, "%n    %4d calls: %.1f vs %.1f us (%.2fx)%s", e.getKey(), x, y,
                        x / y, e.getValue().passed() && other.passed() ? "" : ", not both passed"));
            }
        }
        out.println("  relay CPU per packet at the same load, " + a.label + " vs " + b.label + ":"
                + (line.isEmpty() ? " no load in common" : line));
    }

    private String describe(Step s) {
        if (s == null) {
            return "none (no step passed)";
        }
        RtpLoadGenerator.Outcome o = s.outcome();
        return String.format(Locale.ROOT, "%d calls (%,.0f packets/s relayed), loss %.3f %%, latency p50 %.0f us, "
                + "p99 %.0f us, relay CPU %.0f %% of a core (%.1f us/packet); generator %.0f %%, other processes "
                + "%.0f %%", s.calls(), o.sent() / (double) s.seconds(), s.lossPercent(),
                o.latencies().percentileMicros(50), o.latencies().percentileMicros(99), s.percentOfCore(s.relayCpu()),
                cpuPerPacketMicros(s), s.percentOfCore(o.generatorCpuSeconds()), s.percentOfCore(s.othersCpu()));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
