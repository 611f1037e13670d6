package org.openintercom.simulator.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code bench-firmware} subcommand: runs {@link FirmwareBench} and prints its figures. */
@Command(name = "bench-firmware", description = "Builds and signs a realistic firmware image, then prints the "
        + "device's verify throughput against sha256sum, parallel downloads from cloud-lite against nginx, and the "
        + "delta patch size of a minor release against the full size. Exits 1 if anything failed.")
public final class FirmwareBenchCommand implements Callable<Integer> {

    @Option(names = "--image-mib", defaultValue = "400", description = "Image size in MiB (default ${DEFAULT-VALUE}).")
    int imageMib;

    @Option(names = "--downloads", defaultValue = "50",
            description = "Parallel downloads, one device each (default ${DEFAULT-VALUE}).")
    int downloads;

    @Override
    public Integer call() throws Exception {
        int failures = new FirmwareBench((long) imageMib << 20, downloads, System.out).run();
        return failures == 0 ? 0 : 1;
    }
}
