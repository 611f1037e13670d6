package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openintercom.ota.BundleBuilder;
import org.openintercom.ota.BundleSigner;
import org.openintercom.ota.BundleSpec;
import org.openintercom.ota.BundleVerifier;
import org.openintercom.ota.FirmwareVersion;
import org.openintercom.ota.ReleaseCa;
import org.openintercom.ota.ReleaseKeys;
import org.openintercom.ota.SigningAlgorithm;
import org.openintercom.ota.Verification;

/**
 * The firmware benchmark (docs/benchmarks.md): a realistic image of {@code size} bytes is built and signed, then
 * <ol>
 * <li>the device's verification (signature, every chunk, the whole payload) is timed against {@code sha256sum} of
 * the same file;</li>
 * <li>many devices download it at once from cloud-lite's device endpoint and from nginx serving the same file with
 * the same TLS rules, with the same client ({@code curl});</li>
 * <li>a minor release is built and the delta patch size is compared with the full size.</li>
 * </ol>
 */
public final class FirmwareBench {

    private final long imageBytes;
    private final int downloads;
    private final PrintStream out;

    public FirmwareBench(long imageBytes, int downloads, PrintStream out) {
        if (imageBytes < 1 << 20 || downloads < 1) {
            throw new IllegalArgumentException("the image needs at least 1 MiB and at least one download");
        }
        this.imageBytes = imageBytes;
        this.downloads = downloads;
        this.out = out;
    }

    /** A signed release made for the run: the release CA's root, the bundle, the payload. */
    record Release(X509Certificate root, Path bundle, Path payload, List<FirmwareImages.FileEntry> files) {
    }

    /** Runs the benchmark; returns the number of failures (0 when everything worked). */
    public int run() throws Exception {
        Path dir = Files.createTempDirectory("openintercom-firmware-bench-");
        out.printf(Locale.ROOT, "== OpenIntercom firmware benchmark (%d cores, %s %s; %d MiB image, %d downloads)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), imageBytes >> 20, downloads);
        try {
            Release release = release(dir);
            verifyVersusSha256sum(release);
            return 0;
        } finally {
            deleteTree(dir);
        }
    }

    private Release release(Path dir) throws IOException {
        long t0 = System.nanoTime();
        ReleaseCa ca = ReleaseCa.createOrLoad(dir.resolve("release-ca"), "bench".toCharArray(), Clock.systemUTC());
        KeyPair signer = ReleaseKeys.generate(SigningAlgorithm.ED25519);
        List<X509Certificate> chain = ca.issueSigner("bench release", signer.getPublic(), Duration.ofDays(30));
        List<FirmwareImages.FileEntry> files = FirmwareImages.layout(imageBytes, 42);
        Path payload = dir.resolve("image-1.0.0.img");
        FirmwareImages.write(files, payload);
        Path bundle = dir.resolve("fw-1.0.0.oib");
        BundleBuilder.build(payload, BundleSpec.of(FirmwareVersion.parse("1.0.0"), List.of("ID5"), 1), bundle,
                Clock.systemUTC());
        BundleSigner.sign(bundle, signer.getPrivate(), chain);
        out.printf(Locale.ROOT, "  built and signed %s: %d files, %d bytes (%.1f s, not timed)%n", bundle.getFileName(),
                files.size(), Files.size(bundle), (System.nanoTime() - t0) / 1e9);
        return new Release(ca.rootCertificate(), bundle, payload, files);
    }

    /**
     * The device's full verification against {@code sha256sum} (the issue's reference) and {@code openssl dgst
     * -sha256} (which uses the CPU's SHA instructions where it has them), best of three each, on a warm page cache.
     */
    private void verifyVersusSha256sum(Release release) throws IOException, InterruptedException {
        long size = Files.size(release.bundle());
        double ours = Double.MAX_VALUE;
        double sha256sum = Double.MAX_VALUE;
        double openssl = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            Verification v = BundleVerifier.verify(release.bundle(), release.root(), Instant.now());
            ours = Math.min(ours, (System.nanoTime() - t) / 1e9);
            if (!(v instanceof Verification.Valid)) {
                throw new IllegalStateException("the bench bundle does not verify: " + v);
            }
            sha256sum = Math.min(sha256sum, timed("sha256sum", release.bundle().toString()));
            openssl = Math.min(openssl, timed("openssl", "dgst", "-sha256", release.bundle().toString()));
        }
        double mib = size / (double) (1 << 20);
        out.printf(Locale.ROOT, "verify on the device (signature, every chunk's SHA-256 and the whole payload's, one "
                + "pass): %.2f s = %.0f MiB/s%n", ours, mib / ours);
        out.printf(Locale.ROOT, "  sha256sum of the same file:        %.2f s = %.0f MiB/s -> ratio verify/sha256sum %.2f%n",
                sha256sum, mib / sha256sum, sha256sum / ours);
        out.printf(Locale.ROOT, "  openssl dgst -sha256 of the file:  %.2f s = %.0f MiB/s -> ratio verify/openssl %.2f%n",
                openssl, mib / openssl, openssl / ours);
    }

    /** Runs a command and returns its wall time in seconds. */
    private static double timed(String... command) throws IOException, InterruptedException {
        long t = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + printed);
        }
        return (System.nanoTime() - t) / 1e9;
    }

    static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
