package org.openintercom.simulator.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code bench-media} subcommand: runs {@link MediaBench} and prints its figures. */
@Command(name = "bench-media", description = "Steps up concurrent G.711 calls through cloud-lite's media relay and "
        + "through rtpengine (both driven over the ng protocol) and prints the most calls each carries with < 0.1 % "
        + "packet loss, with latency and CPU. Exits 1 if a relay failed or passed no step.")
public final class MediaBenchCommand implements Callable<Integer> {

    @Option(names = "--first", defaultValue = "100",
            description = "Calls of the first step (default ${DEFAULT-VALUE}).")
    int first;

    @Option(names = "--max", defaultValue = "2500",
            description = "Most calls tried; each needs 4 ports of the relay's 11,000 (default ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--seconds", defaultValue = "15", description = "Seconds per step (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--refine", defaultValue = "2",
            description = "Steps that halve the gap after the first failing step (default ${DEFAULT-VALUE}).")
    int refinements;

    @Option(names = "--generator-threads", defaultValue = "2",
            description = "Threads that play the phones (default ${DEFAULT-VALUE}).")
    int generatorThreads;

    @Option(names = "--late-ms", defaultValue = "200", description = "Packets arriving later than this count as "
            + "lost, as a jitter buffer would drop them; 0 counts only missing packets (default ${DEFAULT-VALUE}).")
    int lateMillis;

    @Option(names = "--skip-rtpengine", description = "Measure only cloud-lite's relay.")
    boolean skipRtpengine;

    @Override
    public Integer call() throws Exception {
        int failures = new MediaBench(new MediaBench.Options(first, max, seconds, refinements, generatorThreads,
                lateMillis, !skipRtpengine), System.out).run();
        return failures == 0 ? 0 : 1;
    }
}
