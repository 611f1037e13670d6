package org.openintercom.simulator.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code bench-claim} subcommand: runs {@link ClaimBench} and prints its figures. */
@Command(name = "bench-claim", description = "Claims, enrolls and connects N emulated devices to cloud-lite "
        + "(devices/s), then connects the same certificates to cloud-lite's broker and to a real Mosquitto "
        + "(connections/s, p50/p99, ratio). Exits 1 if any device step failed.")
public final class ClaimBenchCommand implements Callable<Integer> {

    @Option(names = "--devices", defaultValue = "1000", description = "Devices to claim (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--concurrency", defaultValue = "32",
            description = "Devices in flight at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Override
    public Integer call() throws Exception {
        int failures = new ClaimBench(devices, concurrency, System.out).run();
        return failures == 0 ? 0 : 1;
    }
}
