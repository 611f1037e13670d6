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
import org.openintercom.cloud.CallRelaySettings;
import org.openintercom.cloud.CloudLite;
import org.openintercom.cloud.CloudLiteConfig;
import org.openintercom.cloud.firmware.FirmwareSettings;
import org.openintercom.ota.BundleBuilder;
import org.openintercom.ota.BundleSigner;
import org.openintercom.ota.BundleSpec;
import org.openintercom.ota.BundleVerifier;
import org.openintercom.ota.FirmwareVersion;
import org.openintercom.ota.ProgressListener;
import org.openintercom.ota.ReleaseCa;
import org.openintercom.ota.ReleaseKeys;
import org.openintercom.ota.SigningAlgorithm;
import org.openintercom.ota.Verification;
import org.openintercom.ota.delta.DeltaPatches;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.simulator.InstallerClient;

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
            int failures = downloads(dir, release);
            delta(dir, release);
            return failures;
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

    private static final String ADMIN_PASSWORD = "firmware bench admin password";

    /**
     * {@link #downloads} devices fetch the bundle at once from cloud-lite's device endpoint (mutual TLS, the
     * per-device rate cap lifted so the server is what is measured), then from nginx serving the same file with the
     * same TLS rules; the same {@code curl} clients and certificates both times.
     */
    private int downloads(Path dir, Release release) throws Exception {
        ManufacturerCa factory = ManufacturerCa.createOrLoad(dir.resolve("factory"), "bench-factory".toCharArray(),
                Clock.systemUTC());
        Path manufacturerRoot = dir.resolve("manufacturer.crt");
        Pem.writeCertificates(manufacturerRoot, List.of(factory.rootCertificate()));
        Path releaseRoot = dir.resolve("release-root.crt");
        Pem.writeCertificates(releaseRoot, List.of(release.root()));
        long size = Files.size(release.bundle());
        try (CloudLite cloud = CloudLite.start(CloudLiteConfig.builder().dataDir(dir.resolve("cloud")).ports(0, 0, 0).relay(CallRelaySettings.builder().freePorts().build())
                .manufacturerRoot(manufacturerRoot).releaseRoot(releaseRoot).initialAdminPassword(ADMIN_PASSWORD)
                .firmware(FirmwareSettings.builder().deviceBytesPerSecond(Long.MAX_VALUE / 4)
                        .maxBundleSize(size + (1 << 20)).build()).build());
                InstallerClient installer = InstallerClient.signIn(cloud.apiUri(), "admin", ADMIN_PASSWORD)) {
            String bundleId = installer.uploadFirmware(release.bundle()).path("bundleId").asText();
            List<ParallelCurl.ClientCert> clients = devices(dir, cloud, installer, factory);
            Path trust = dir.resolve("cloud-root.pem");
            Pem.writeCertificates(trust, List.of(cloud.rootCertificate()));
            String path = "/device/v1/firmware/" + bundleId + ".oib";

            double cpu0 = CpuTime.thisJvm();
            ParallelCurl.Pass ours = ParallelCurl.fetchAll(cloud.deviceApiUri().resolve(path).toString(), trust,
                    clients, size);
            double oursCpu = CpuTime.thisJvm() - cpu0;

            ParallelCurl.Pass theirs = null;
            double theirsCpu = Double.NaN;
            String nginx = "nginx";
            if (NginxServer.installed()) {
                nginx = NginxServer.version().replace("nginx version: ", "");
                Path root = Files.createDirectories(dir.resolve("nginx-root"));
                Files.createLink(root.resolve(bundleId + ".oib"), release.bundle());
                try (NginxServer server = NginxServer.start(dir.resolve("nginx"), cloud.ca(), root,
                        "/device/v1/firmware/")) {
                    double n0 = CpuTime.tree(server.pid());
                    theirs = ParallelCurl.fetchAll(server.uri() + path, trust, clients, size);
                    theirsCpu = CpuTime.tree(server.pid()) - n0;
                }
            } else {
                out.println("  nginx not installed (" + NginxServer.EXECUTABLE + ", Debian nginx-light): no reference");
            }
            out.printf(Locale.ROOT, "parallel downloads of the %d MiB bundle, %d devices at once over mutual TLS, "
                    + "curl as the client:%n", size >> 20, clients.size());
            out.printf(Locale.ROOT, "  cloud-lite: %s; server CPU %.1f s%n", ours.summary(), oursCpu);
            if (theirs != null) {
                out.printf(Locale.ROOT, "  %s: %s; server CPU %.1f s%n", nginx, theirs.summary(), theirsCpu);
                out.printf(Locale.ROOT, "  ratio cloud-lite/nginx: %.2f (aggregate throughput), %.2f (server CPU per "
                        + "byte, nginx/cloud-lite)%n", ours.mebibytesPerSecond() / theirs.mebibytesPerSecond(),
                        theirsCpu / theirs.bytes() / (oursCpu / ours.bytes()));
            }
            return ours.failures() + (theirs == null ? 0 : theirs.failures());
        }
    }

    /** Claims and enrolls the download devices; their keys and chains as PEM files for curl. */
    private List<ParallelCurl.ClientCert> devices(Path dir, CloudLite cloud, InstallerClient installer,
            ManufacturerCa factory) {
        long site = installer.createSite("Firmware bench", "Firmware bench", "Firmware bench", "Europe/Zurich");
        DeviceEnrollment enrollment = new DeviceEnrollment(cloud.deviceApiUri(), List.of(cloud.rootCertificate()));
        List<ParallelCurl.ClientCert> clients = new java.util.ArrayList<>();
        for (int i = 0; i < downloads; i++) {
            BenchDevice d = BenchDevice.born(factory);
            installer.claim(site, d.code.qrPayload(), "Bench " + i,
                    new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
            enrollment.enroll(d);
            Path chain = dir.resolve("device-" + i + ".pem");
            Path key = dir.resolve("device-" + i + ".key");
            Pem.writeCertificates(chain, List.of(d.certificate(), cloud.ca().issuingCertificate()));
            Pem.writePrivateKey(key, d.keys.getPrivate(), null);
            clients.add(new ParallelCurl.ClientCert(chain, key));
        }
        return clients;
    }

    /**
     * A minor release of the benchmark image (a few files changed, one added in the middle, one removed): the
     * delta patch the cloud would precompute, against the full bundle a device would otherwise fetch.
     */
    private void delta(Path dir, Release release) throws IOException {
        List<FirmwareImages.FileEntry> next = FirmwareImages.minorRelease(release.files(), 6, 7);
        Path target = dir.resolve("image-1.0.1.img");
        FirmwareImages.write(next, target);
        Path patch = dir.resolve("1.0.0-1.0.1.patch");
        long t = System.nanoTime();
        DeltaPatches.create(release.payload(), target, patch, ProgressListener.NONE);
        double create = (System.nanoTime() - t) / 1e9;
        Path check = dir.resolve("image-1.0.1.check");
        t = System.nanoTime();
        try (var in = Files.newInputStream(patch); var o = Files.newOutputStream(check)) {
            DeltaPatches.apply(release.payload(), in, o);
        }
        double apply = (System.nanoTime() - t) / 1e9;
        boolean exact = Files.mismatch(target, check) == -1;
        long full = Files.size(target);
        long delta = Files.size(patch);
        out.printf(Locale.ROOT, "delta for a minor release (6 files changed inside, 1 added in the middle, 1 removed): "
                + "patch %d bytes for a %d-byte image = %.2f %% (%.0fx smaller); made in %.1f s (server, once per "
                + "version pair), applied in %.1f s, byte-exact: %s%n", delta, full, delta * 100.0 / full,
                full / (double) delta, create, apply, exact);
        zstdReference(dir, release.payload(), target, full);
    }

    /** The zstd command line's own patch-from on the same pair, when zstd is installed (a reference, not a peer). */
    private void zstdReference(Path dir, Path base, Path target, long full) {
        Path patch = dir.resolve("zstd.patch");
        int windowLog = Math.min(31, 64 - Long.numberOfLeadingZeros(2 * full - 1));
        try {
            long t = System.nanoTime();
            Process p = new ProcessBuilder("zstd", "-q", "-f", "--patch-from=" + base, "--long=" + windowLog,
                    target.toString(), "-o", patch.toString()).redirectErrorStream(true).start();
            String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                out(printed);
                return;
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            out.printf(Locale.ROOT, "  zstd --patch-from --long=%d (command line, same pair): %d bytes = %.2f %% in "
                    + "%.1f s%n", windowLog, Files.size(patch), Files.size(patch) * 100.0 / full, seconds);
        } catch (IOException e) {
            out("zstd not available (" + e.getMessage() + "): no command-line reference");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void out(String line) {
        out.println("  " + line.strip());
    }

    static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
