package org.openintercom.simulator.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.openintercom.cloud.calls.sip.SipRelay;

/**
 * Finds a SIP proxy's highest clean call rate with sipp: a sipp callee registers at the proxy, then for each step
 * of a {@link RateSearch} a sipp caller places {@code rate × stepSeconds} calls through the proxy (INVITE, 180, 200,
 * ACK, hold, BYE, 200; ACK and BYE along the Record-Route set) while the proxy's CPU time is measured.
 */
final class CallRateProbe {

    /** The proxy under test. */
    interface Server {
        /** Its UDP port on 127.0.0.1. */
        int port();

        /** CPU seconds it has used so far. */
        double cpuSeconds();

        /** Waits until it has no call in progress (as far as it can tell). */
        void awaitIdle() throws InterruptedException;

        /** What its overload control has shed so far, when it tells. */
        default Optional<SipRelay.Overload> overload() {
            return Optional.empty();
        }
    }

    /** The user the sipp callee registers as. */
    static final String CALLEE = "callee";
    /** A call fails when sipp waits this long for an answer to a request. */
    static final int RECV_TIMEOUT_MS = 5000;

    private final Path dir;
    private final int stepSeconds;
    private final int holdMs;
    private final PrintStream out;
    private final int calleePort = KamailioProxy.freeUdpPort();
    private int runs;

    CallRateProbe(Path dir, int stepSeconds, int holdMs, PrintStream out) {
        this.dir = dir;
        this.stepSeconds = stepSeconds;
        this.holdMs = holdMs;
        this.out = out;
    }

    /** The UDP port the sipp callee uses (registered as its contact). */
    int calleePort() {
        return calleePort;
    }

    /** Registers the callee at {@code server} (once per server; its binding outlives the steps). */
    void registerCallee(Server server) {
        Sipp.register(dir.resolve("register-" + server.port()), "127.0.0.1:" + server.port(), calleePort, CALLEE);
    }

    /**
     * Runs the search against {@code server}, printing each step under {@code name}. A failed step is run
     * {@code retries} more times before it counts (other jobs on a shared machine cause failures of their own);
     * every run is printed.
     */
    RateSearch search(String name, Server server, RateSearch search, int retries) throws InterruptedException {
        while (search.next().isPresent()) {
            int rate = search.next().getAsInt();
            RateSearch.Step step = step(server, rate);
            out.println("  " + name + " " + step.summary());
            for (int i = 0; i < retries && !search.clean(step); i++) {
                step = step(server, rate);
                out.println("  " + name + " " + step.summary() + " (again)");
            }
            search.record(step);
        }
        return search;
    }

    /** One step: {@code rate} calls/s for {@link #stepSeconds} through {@code server}. */
    RateSearch.Step step(Server server, int rate) throws InterruptedException {
        return step(server, rate, stepSeconds);
    }

    /**
     * The highest rate {@code server} holds clean for {@code seconds}, in steps of a tenth of {@code stepRate} (its
     * clean rate in short steps): first at {@code stepRate}, then up while clean or down until clean, at most five
     * steps, a failed step run {@code retries} more times before it counts. Empty when none was clean. Every run is
     * printed under {@code name}.
     */
    Optional<RateSearch.Step> sustained(String name, Server server, int stepRate, int seconds, int retries,
            double failLimitPercent) throws InterruptedException {
        int tenth = Math.max(1, stepRate / 10);
        Optional<RateSearch.Step> best = Optional.empty();
        Boolean up = null;
        for (int i = 0, rate = stepRate; i < 5 && rate > 0; i++) {
            RateSearch.Step step = step(server, rate, seconds);
            out.println("  " + name + " held " + step.summary());
            for (int r = 0; r < retries && !step.clean(failLimitPercent); r++) {
                step = step(server, rate, seconds);
                out.println("  " + name + " held " + step.summary() + " (again)");
            }
            boolean clean = step.clean(failLimitPercent);
            if (clean) {
                best = Optional.of(step);
            }
            if (up == null) {
                up = clean;
            } else if (up != clean) {
                break; // going up it failed, or going down it is clean
            }
            rate += up ? tenth : -tenth;
        }
        return best;
    }

    /** One step: {@code rate} calls/s for {@code seconds} through {@code server}. */
    RateSearch.Step step(Server server, int rate, int seconds) throws InterruptedException {
        long calls = (long) rate * seconds;
        Path runDir = dir.resolve("run-" + (++runs));
        double load0 = CpuTime.endedChildren();
        RateSearch.Step measured;
        try (Sipp callee = Sipp.callee(runDir.resolve("uas"), calleePort, Sipp.freeMediaPort())) {
            Thread.sleep(300); // let it bind
            double cpu0 = server.cpuSeconds();
            long drops0 = UdpDrops.at(server.port());
            Optional<SipRelay.Overload> shed0 = server.overload();
            SippStats stats;
            try (Sipp caller = Sipp.caller(runDir.resolve("uac"), "127.0.0.1:" + server.port(),
                    KamailioProxy.freeUdpPort(), Sipp.freeMediaPort(), CALLEE, rate, calls, holdMs,
                    RECV_TIMEOUT_MS)) {
                int code = caller.await(seconds * 3L + RECV_TIMEOUT_MS / 1000 + 30);
                stats = caller.stats();
                if (code == -1 || stats.created() == 0) {
                    out.printf(Locale.ROOT, "    sipp caller exit %d, %s%n", code, lastLines(caller.output()));
                }
            }
            double cpu = server.cpuSeconds() - cpu0;
            long drops1 = UdpDrops.at(server.port());
            Optional<SipRelay.Overload> shed1 = server.overload();
            if (shed0.isPresent() && shed1.isPresent() && !shed0.equals(shed1)) {
                out.printf(Locale.ROOT, "    (%d calls/s: its overload control refused %d new requests with 503 and "
                        + "dropped %d datagrams in its intake queue)%n", rate,
                        shed1.get().refused() - shed0.get().refused(), shed1.get().dropped() - shed0.get().dropped());
            }
            boolean keptPace = stats.secondsToCreate() >= 0
                    && stats.secondsToCreate() <= seconds * 1.2 + 1.5;
            long failed = stats.failed() + Math.max(0, calls - stats.finished());
            measured = new RateSearch.Step(rate, calls, failed, keptPace, cpu, Double.NaN,
                    drops0 < 0 || drops1 < 0 ? -1 : drops1 - drops0);
        }
        double load = CpuTime.endedChildren() - load0; // both sipps have ended and been waited for
        server.awaitIdle();
        return new RateSearch.Step(rate, measured.calls(), measured.failed(), measured.keptPace(),
                measured.serverCpuSeconds(), load, measured.socketDrops());
    }

    private static String lastLines(String output) {
        String[] lines = output.strip().split("\n");
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 5), lines.length));
    }
}
