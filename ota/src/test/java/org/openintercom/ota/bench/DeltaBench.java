package org.openintercom.ota.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.openintercom.ota.ProgressListener;
import org.openintercom.ota.delta.DeltaHeader;
import org.openintercom.ota.delta.DeltaPatches;
import org.openintercom.ota.delta.PayloadFile;

/**
 * Delta size and speed for a realistic minor release of a large image: {@code DeltaBench [MiB] [changed files]}
 * (default 400 MiB, 6 changed files) builds the image and its next version in a temporary folder, makes the
 * patch, applies it, checks the result and prints the figures. Not part of the test suite (docs/ota.md, "Delta
 * updates", says how to run it).
 */
public final class DeltaBench {

    private DeltaBench() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 400;
        int changed = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        Path dir = Files.createTempDirectory("delta-bench");
        try {
            run(dir, mib << 20, changed);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path dir, long bytes, int changed) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        SyntheticFirmware v1 = SyntheticFirmware.generate(42, bytes, 64 << 10, 4 << 20);
        Path base = v1.writeTo(dir.resolve("base.img"));
        Path target = v1.minorRelease(43, changed).writeTo(dir.resolve("target.img"));
        v1 = null;
        long full = Files.size(target);
        System.out.printf(Locale.ROOT, "images: base %d bytes, target %d bytes (%d changed files, 1 inserted, "
                + "1 removed), generated in %.1f s%n", Files.size(base), full, changed, seconds(t0));

        Path patch = dir.resolve("target.patch");
        long t1 = System.nanoTime();
        DeltaHeader header = DeltaPatches.create(base, target, patch, ProgressListener.NONE);
        double create = seconds(t1);
        long patchSize = Files.size(patch);
        long heapAfterCreate = Runtime.getRuntime().totalMemory();

        Path out = dir.resolve("applied.img");
        long t2 = System.nanoTime();
        try (InputStream in = Files.newInputStream(patch);
                OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            DeltaPatches.apply(PayloadFile.image(base), in, o, ProgressListener.NONE);
        }
        double apply = seconds(t2);
        boolean same = Files.mismatch(out, target) == -1;

        System.out.printf(Locale.ROOT, "full size:   %d bytes%n", full);
        System.out.printf(Locale.ROOT, "patch size:  %d bytes (window log %d)%n", patchSize, header.windowLog());
        System.out.printf(Locale.ROOT, "ratio:       %.5f (%.2f %% of the full image)%n", (double) patchSize / full,
                100.0 * patchSize / full);
        System.out.printf(Locale.ROOT, "create time: %.1f s%n", create);
        System.out.printf(Locale.ROOT, "apply time:  %.1f s (into a file, SHA-256 checked; byte-exact: %s)%n", apply,
                same);
        System.out.printf(Locale.ROOT, "memory:      peak RSS %s, Java heap committed %d MiB%n", peakRss(),
                heapAfterCreate >> 20);
        zstdCommandLine(base, target, dir.resolve("cli.patch"));
        if (!same) {
            throw new IllegalStateException("the applied image differs from the target");
        }
    }

    /** The same patch made by {@code zstd --patch-from}, when the zstd command is installed, for comparison. */
    private static void zstdCommandLine(Path base, Path target, Path out) throws IOException, InterruptedException {
        int windowLog = 64 - Long.numberOfLeadingZeros(Files.size(base) + Files.size(target) - 1);
        long t = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder("zstd", "-q", "-f", "--long=" + windowLog, "--patch-from=" + base, target.toString(),
                    "-o", out.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            System.out.println("zstd command: not installed, no comparison");
            return;
        }
        int code = p.waitFor();
        System.out.printf(Locale.ROOT, "zstd --patch-from --long=%d (command line, for comparison): %s%n", windowLog,
                code == 0 ? Files.size(out) + " bytes in " + String.format(Locale.ROOT, "%.1f s", seconds(t))
                        : "failed with exit code " + code);
    }

    private static String peakRss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "unknown";
        }
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(l -> l.startsWith("VmHWM:")).map(l -> l.substring(6).trim()).findFirst()
                    .orElse("unknown");
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
