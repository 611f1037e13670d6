package org.openintercom.simulator.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.openintercom.cloud.calls.sip.InMemorySipAccounts;
import org.openintercom.cloud.calls.sip.SipRelay;
import org.openintercom.cloud.calls.sip.SipRelayConfig;

/**
 * The call-relay benchmark (docs/benchmarks.md): the relay's highest clean call rate against Kamailio's with the
 * same sipp scenario, its heap over a long run of calls, and the time from a station's button press until every
 * member of a 32-member parallel ring group rings.
 */
public final class RelayBench {

    /**
     * What to run.
     *
     * @param stepSeconds seconds of calls per rate step
     * @param holdMs how long each sipp call is held before its BYE
     * @param startRate the first rate step, calls/s (doubled until a step fails)
     * @param maxRate the highest rate tried
     * @param failLimitPercent a step fails at this share of failed calls
     * @param retries how many more times a failed step is run before it counts
     * @param leakCalls calls through the relay for the memory check
     * @param leakRatePercent the memory check's rate, percent of the relay's clean rate
     * @param ringRounds ring-group rounds
     * @param ringMembers members of the parallel ring group (at most 32)
     * @param sustainSeconds length of the steps that find the rate each proxy holds (0: not measured)
     */
    public record Options(int stepSeconds, int holdMs, int startRate, int maxRate, double failLimitPercent,
            int retries, long leakCalls, int leakRatePercent, int ringRounds, int ringMembers, int sustainSeconds) {
    }

    /** A proxy's clean rates: in short steps, and held for {@link Options#sustainSeconds()}. */
    private record Rates(RateSearch search, Optional<RateSearch.Step> held) {
        Optional<RateSearch.Step> clean() {
            return search.lastClean();
        }
    }

    private final Options o;
    private final PrintStream out;

    public RelayBench(Options options, PrintStream out) {
        if (options.stepSeconds() < 1 || options.sustainSeconds() < 0 || options.leakCalls() < 10
                || options.ringRounds() < 1 || options.ringMembers() < 1 || options.ringMembers() > 32) {
            throw new IllegalArgumentException("need steps of at least 1 s, held steps of 0 s or more, at least 10 "
                    + "leak calls, at least one ring round and 1 to 32 ring members");
        }
        this.o = options;
        this.out = out;
    }

    /** Runs the benchmark; returns the number of failed checks (0 when everything passed). */
    public int run() throws Exception {
        if (!Sipp.installed()) {
            out.println("sipp is not installed (" + Sipp.EXECUTABLE + ", Debian sip-tester): cannot run");
            return 1;
        }
        Path dir = Files.createTempDirectory("openintercom-relay-bench-");
        out.printf(Locale.ROOT, "== OpenIntercom call-relay benchmark (%d cores, %s %s; rate steps of %d s, calls "
                + "held %d ms, %d leak calls, %d ring rounds of %d members)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), o.stepSeconds(), o.holdMs(), o.leakCalls(), o.ringRounds(),
                o.ringMembers());
        try {
            CallRateProbe probe = new CallRateProbe(dir.resolve("rate"), o.stepSeconds(), o.holdMs(), out);
            Rates ours;
            LeakCheck.Result leak;
            out.println("calls/s: sipp -> proxy -> registered sipp over UDP on loopback, no authentication; steps until"
                    + " one has >= " + o.failLimitPercent() + " % failed calls:");
            try (SipRelay relay = SipRelay.start(SipRelayConfig.builder().tcpPort(null).trust("127.0.0.1/32").build(),
                    new InMemorySipAccounts())) {
                CallRateProbe.Server server = relayServer(relay);
                probe.registerCallee(server);
                ours = rates(probe, "relay", server);
                Optional<Rates> kamailio = kamailio(probe, dir);
                Optional<RateSearch.Step> base = ours.held().or(ours::clean);
                int leakRate = Math.max(1, base.map(RateSearch.Step::rate).orElse(o.startRate())
                        * o.leakRatePercent() / 100);
                out.printf(Locale.ROOT, "memory: %d calls through the relay at %d calls/s (%d %% of the rate it %s), "
                        + "heap after a full GC every 10 %%:%n", o.leakCalls(), leakRate, o.leakRatePercent(),
                        ours.held().isPresent() ? "held for " + o.sustainSeconds() + " s" : "ran clean in short steps");
                leak = new LeakCheck(dir.resolve("leak"), o.holdMs(), out).run(relay, probe.calleePort(), leakRate,
                        o.leakCalls());
                out.printf(Locale.ROOT, "ring group: button press -> INVITE at all %d members (parallel), %d rounds:%n",
                        o.ringMembers(), o.ringRounds());
                RingRounds.Result ring = new RingRounds(dir.resolve("ring"), o.ringMembers(), out)
                        .run(o.ringRounds());
                out.println();
                return summary(ours, kamailio, leak, ring);
            }
        } finally {
            FirmwareBench.deleteTree(dir);
        }
    }

    private RateSearch newSearch() {
        return new RateSearch(o.startRate(), o.maxRate(), o.failLimitPercent());
    }

    /** The rate search in short steps, then the rate held for {@link Options#sustainSeconds()}, from that rate down. */
    private Rates rates(CallRateProbe probe, String name, CallRateProbe.Server server) throws InterruptedException {
        RateSearch search = probe.search(name, server, newSearch(), o.retries());
        Optional<RateSearch.Step> held = Optional.empty();
        if (o.sustainSeconds() > 0 && search.lastClean().isPresent()) {
            held = probe.sustained(name, server, search.lastClean().get().rate(), o.sustainSeconds(), o.retries(),
                    o.failLimitPercent());
        }
        return new Rates(search, held);
    }

    private static CallRateProbe.Server relayServer(SipRelay relay) {
        return new CallRateProbe.Server() {
            @Override
            public int port() {
                return relay.port("udp").orElseThrow();
            }

            @Override
            public double cpuSeconds() {
                return CpuTime.thisJvm();
            }

            @Override
            public Optional<SipRelay.Overload> overload() {
                return Optional.of(relay.overload());
            }

            @Override
            public void awaitIdle() throws InterruptedException {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (relay.callsInProgress() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(1000);
            }
        };
    }

    private Optional<Rates> kamailio(CallRateProbe probe, Path dir) throws InterruptedException {
        if (!KamailioProxy.installed()) {
            out.println("  kamailio not installed (" + KamailioProxy.EXECUTABLE + ", Debian kamailio): no reference");
            return Optional.empty();
        }
        try (KamailioProxy k = KamailioProxy.start(dir.resolve("kamailio"))) {
            CallRateProbe.Server server = new CallRateProbe.Server() {
                @Override
                public int port() {
                    return k.port();
                }

                @Override
                public double cpuSeconds() {
                    return k.cpuSeconds();
                }

                @Override
                public void awaitIdle() throws InterruptedException {
                    Thread.sleep(3000); // its transactions end by their timers
                }
            };
            probe.registerCallee(server);
            return Optional.of(rates(probe, "kamailio", server));
        }
    }

    private int summary(Rates ours, Optional<Rates> kamailio, LeakCheck.Result leak,
            RingRounds.Result ring) {
        int failures = 0;
        String kName = KamailioProxy.installed() ? "kamailio " + KamailioProxy.version().split(" ")[1] : "kamailio";
        out.printf(Locale.ROOT, "%-46s %-22s %s%n", "call relay", "ours (JAIN-SIP, 4 thr.)", kName + " (4 children)");
        Optional<RateSearch.Step> a = ours.clean();
        Optional<RateSearch.Step> b = kamailio.flatMap(Rates::clean);
        out.printf(Locale.ROOT, "%-46s %-22s %s%n", "clean calls/s (< " + o.failLimitPercent() + " % failed)",
                rate(a), kamailio.isEmpty() ? "not measured" : rate(b));
        out.printf(Locale.ROOT, "%-46s %-22s %s%n", "CPU s per 1,000 calls at that rate (server)", cpu(a), cpu(b));
        out.printf(Locale.ROOT, "%-46s %-22s %s%n", "  sipp caller + callee in the same step (excl.)", sippCpu(a),
                sippCpu(b));
        if (a.isPresent() && b.isPresent()) {
            out.printf(Locale.ROOT, "%-46s %.2f (calls/s), %.2f (CPU per call, kamailio/ours)%n", "ratio ours/kamailio",
                    a.get().rate() / (double) b.get().rate(),
                    b.get().cpuPerThousandCalls() / a.get().cpuPerThousandCalls());
        }
        if (o.sustainSeconds() > 0) {
            Optional<RateSearch.Step> ha = ours.held();
            Optional<RateSearch.Step> hb = kamailio.flatMap(Rates::held);
            out.printf(Locale.ROOT, "%-46s %-22s %s%n", "held clean for " + o.sustainSeconds() + " s, calls/s",
                    rate(ha), kamailio.isEmpty() ? "not measured" : rate(hb));
            out.printf(Locale.ROOT, "%-46s %-22s %s%n", "CPU s per 1,000 calls at that rate (server)", cpu(ha),
                    cpu(hb));
            if (ha.isPresent() && hb.isPresent()) {
                out.printf(Locale.ROOT, "%-46s %.2f (calls/s), %.2f (CPU per call, kamailio/ours)%n",
                        "ratio ours/kamailio, held", ha.get().rate() / (double) hb.get().rate(),
                        hb.get().cpuPerThousandCalls() / ha.get().cpuPerThousandCalls());
            }
        }
        if (a.isEmpty()) {
            failures++;
        }
        StringBuilder heap = new StringBuilder();
        for (long s : leak.heapBytes()) {
            heap.append(heap.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.0f", s / 1048576.0));
        }
        out.printf(Locale.ROOT, "%-46s %s MiB -> %s (%+.1f MiB from 10 %% to 100 %%)%n", "heap after GC, each 10 %"
                + " of " + leak.calls() + " calls", heap, leak.verdict().word(),
                leak.verdict().growthBytes() / 1048576.0);
        out.printf(Locale.ROOT, "%-46s %d calls/s, %d failed (%.4f %%) in %.0f s; calls in progress after: %d%n",
                "  leak run", leak.rate(), leak.failed(), leak.failed() * 100.0 / leak.calls(), leak.seconds(),
                leak.callsInProgressAfter());
        if (!leak.passed()) {
            failures++;
        }
        out.printf(Locale.ROOT, "%-46s %s (%d rounds%s)%n", "press -> INVITE at all " + ring.members()
                + " group members", ring.pressToAllRinging().summary(), ring.pressToAllRinging().count(),
                ring.failed() == 0 ? ", 0 failed" : ", " + ring.failed() + " failed, first: " + ring.firstFailure());
        failures += ring.failed();
        return failures;
    }

    private static String rate(Optional<RateSearch.Step> s) {
        return s.map(x -> String.format(Locale.ROOT, "%d (%.3f %%)", x.rate(), x.failedPercent())).orElse("none clean");
    }

    private static String sippCpu(Optional<RateSearch.Step> s) {
        return s.map(x -> String.format(Locale.ROOT, "%.3f", x.loadCpuSeconds() * 1000 / x.calls())).orElse("-");
    }

    private static String cpu(Optional<RateSearch.Step> s) {
        return s.map(x -> String.format(Locale.ROOT, "%.3f", x.cpuPerThousandCalls())).orElse("-");
    }
}
