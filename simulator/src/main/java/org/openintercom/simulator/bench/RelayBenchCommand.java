package org.openintercom.simulator.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code bench-relay} subcommand: runs {@link RelayBench} and prints its figures. */
@Command(name = "bench-relay", description = "Prints the call relay's highest clean call rate against Kamailio's "
        + "(sipp through each, CPU per 1,000 calls, ratio), its heap over a long run of calls (flat or GROWING), and "
        + "button press -> ringing at all members of a 32-member parallel ring group (p50/p99/max). Exits 1 if the "
        + "heap grows, calls stay in progress or a ring round fails.")
public final class RelayBenchCommand implements Callable<Integer> {

    @Option(names = "--step-seconds", defaultValue = "5",
            description = "Seconds per rate step (default ${DEFAULT-VALUE}).")
    int stepSeconds;

    @Option(names = "--hold-ms", defaultValue = "200", description = "Call hold time in ms (default ${DEFAULT-VALUE}).")
    int holdMs;

    @Option(names = "--start-rate", defaultValue = "100",
            description = "First rate step, calls/s; doubled until a step fails (default ${DEFAULT-VALUE}).")
    int startRate;

    @Option(names = "--max-rate", defaultValue = "8000", description = "Highest rate tried (default ${DEFAULT-VALUE}).")
    int maxRate;

    @Option(names = "--fail-limit", defaultValue = "0.1",
            description = "A step fails at this share of failed calls, in %% (default ${DEFAULT-VALUE}).")
    double failLimitPercent;

    @Option(names = "--retries", defaultValue = "1",
            description = "Runs of a failed rate step before it counts as failed (default ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--sustain-seconds", defaultValue = "30",
            description = "Length of the steps that find the rate each proxy holds, from its short-step rate down "
                    + "by tenths; 0 skips them (default ${DEFAULT-VALUE}).")
    int sustainSeconds;

    @Option(names = "--leak-calls", defaultValue = "1000000",
            description = "Calls through the relay for the memory check (default ${DEFAULT-VALUE}).")
    long leakCalls;

    @Option(names = "--leak-rate-percent", defaultValue = "80",
            description = "Rate of the memory check, %% of the rate the relay held (or of its short-step rate when "
                    + "--sustain-seconds is 0) (default ${DEFAULT-VALUE}).")
    int leakRatePercent;

    @Option(names = "--ring-rounds", defaultValue = "200",
            description = "Ring-group rounds (default ${DEFAULT-VALUE}).")
    int ringRounds;

    @Option(names = "--ring-members", defaultValue = "32",
            description = "Members of the parallel ring group, at most 32 (default ${DEFAULT-VALUE}).")
    int ringMembers;

    @Override
    public Integer call() throws Exception {
        int failures = new RelayBench(new RelayBench.Options(stepSeconds, holdMs, startRate, maxRate, failLimitPercent,
                retries, leakCalls, leakRatePercent, ringRounds, ringMembers, sustainSeconds), System.out).run();
        return failures == 0 ? 0 : 1;
    }
}
