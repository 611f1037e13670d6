package org.openintercom.simulator.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openintercom.cloud.calls.sip.SipRelay;

/**
 * The relay's memory over a long run: sipp places {@code calls} calls through the relay (which runs in this JVM) at
 * a steady rate, and after every tenth of them the heap in use is measured after a full GC; the samples are judged
 * by {@link LeakVerdict}. The relay must also be back to no call in progress at the end.
 */
final class LeakCheck {

    /** The figures of a run. */
    record Result(int rate, long calls, long failed, double seconds, List<Long> heapBytes, LeakVerdict verdict,
            int callsInProgressAfter) {

        boolean passed() {
            return verdict.flat() && callsInProgressAfter == 0;
        }
    }

    static final double ALLOWED_GROWTH = 0.10;
    static final long ALLOWED_SLACK_BYTES = 8L << 20;

    private final Path dir;
    private final int holdMs;
    private final PrintStream out;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    LeakCheck(Path dir, int holdMs, PrintStream out) {
        this.dir = dir;
        this.holdMs = holdMs;
        this.out = out;
    }

    /**
     * Runs {@code calls} calls at {@code rate} through {@code relay} to the sipp callee registered on
     * {@code calleePort}.
     */
    Result run(SipRelay relay, int calleePort, int rate, long calls) throws InterruptedException {
        int port = relay.port("udp").orElseThrow();
        List<Long> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        SippStats stats;
        try (Sipp callee = Sipp.callee(dir.resolve("uas"), calleePort, Sipp.freeMediaPort())) {
            Thread.sleep(300);
            try (Sipp caller = Sipp.caller(dir.resolve("uac"), "127.0.0.1:" + port, KamailioProxy.freeUdpPort(),
                    Sipp.freeMediaPort(), CallRateProbe.CALLEE, rate, calls, holdMs,
                    CallRateProbe.RECV_TIMEOUT_MS)) {
                int taken = 0;
                while (taken < 10) {
                    boolean alive = caller.isAlive();
                    stats = caller.stats();
                    long due = calls * (taken + 1) / 10;
                    if (stats.finished() >= due || !alive) {
                        long used = heapAfterGc();
                        samples.add(used);
                        taken++;
                        out.printf(Locale.ROOT, "  %3d %%: %d calls done (%d failed) after %.0f s, heap after full GC"
                                + " %.1f MiB, calls in progress %d%n", taken * 10, stats.finished(), stats.failed(),
                                (System.nanoTime() - t0) / 1e9, used / 1048576.0, relay.callsInProgress());
                        if (!alive && stats.finished() < due) {
                            out.println("  sipp ended early: " + caller.output().strip().lines()
                                    .reduce((a, b) -> b).orElse(""));
                            break;
                        }
                        continue;
                    }
                    Thread.sleep(250);
                }
                caller.await(60);
                stats = caller.stats();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (relay.callsInProgress() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long failed = stats.failed() + Math.max(0, calls - stats.finished());
        LeakVerdict verdict = samples.size() >= 2 ? LeakVerdict.judge(samples, ALLOWED_GROWTH, ALLOWED_SLACK_BYTES)
                : new LeakVerdict(0, 0, false);
        return new Result(rate, calls, failed, seconds, samples, verdict, relay.callsInProgress());
    }

    private long heapAfterGc() {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
