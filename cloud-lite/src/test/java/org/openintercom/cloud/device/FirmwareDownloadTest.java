package org.openintercom.cloud.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.firmware.DeltaPrecomputer;
import org.openintercom.cloud.firmware.DownloadLimits;
import org.openintercom.cloud.firmware.FirmwareDelta;
import org.openintercom.cloud.firmware.FirmwareFixture;
import org.openintercom.cloud.firmware.FirmwareRelease;
import org.openintercom.cloud.firmware.UploadOutcome;
import org.openintercom.cloud.internal.ServiceIdentity;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.CertificateRequests;
import org.openintercom.provisioning.pki.IssueResult;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.SslContexts;

/** Bundle downloads on the real HTTPS device endpoint with device certificates: ranges, caps, patches, curl. */
class FirmwareDownloadTest {

    @TempDir
    Path dir;
    private Pki pki;
    private FirmwareFixture fw;
    private DeviceApiServer server;
    private FirmwareRelease release;
    private byte[] bundleBytes;
    private KeyPair deviceKeys;
    private List<X509Certificate> deviceChain;

    @BeforeEach
    void givenRepositoryWithABundle() throws Exception {
        pki = new Pki(dir, Clock.systemUTC());
        fw = new FirmwareFixture(dir, TestDatabase.Kind.H2, 64 << 20);
        Path bundle = fw.givenSignedBundle("3.0.0", 1 << 20);
        bundleBytes = Files.readAllBytes(bundle);
        UploadOutcome outcome = fw.repository.upload(Files.newInputStream(bundle), "operator");
        assertThat(outcome.kind()).isEqualTo(UploadOutcome.Kind.STORED);
        release = outcome.release();
        DeviceId id = DeviceId.random();
        deviceKeys = KeyPairs.ecP256();
        deviceChain = ((IssueResult.Issued) pki.ca.issueDevice(CertificateRequests.create(deviceKeys, id), id))
                .chain();
    }

    private void givenServer(long bytesPerSecond, int parallel) {
        Clock clock = Clock.systemUTC();
        DeviceStore devices = new DeviceStore(fw.testDb.database(), clock);
        AuditLog audit = new AuditLog(fw.testDb.database(), clock);
        DeviceEndpoint endpoint = new DeviceEndpoint(pki.ca, pki.manufacturer.rootCertificate(), devices, audit,
                new EnrollmentResponse.Endpoints("ssl://127.0.0.1:8883", "https://127.0.0.1:8443",
                        "http://127.0.0.1:8080/crl"), clock);
        ServiceIdentity identity = ServiceIdentity.issue(pki.ca, "device-api", List.of("localhost", "127.0.0.1"));
        server = DeviceApiServer.start(new InetSocketAddress("127.0.0.1", 0), ClientCertificateCheck.serverContext(
                identity.keyStore(), identity.password().toCharArray(),
                List.of(pki.manufacturer.rootCertificate(), pki.ca.rootCertificate())), endpoint,
                new FirmwareDownloads(fw.repository, new DownloadLimits(bytesPerSecond, parallel),
                        pki.ca.rootCertificate(), cert -> false, clock));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        fw.close();
    }

    private HttpClient client(KeyPair keys, List<X509Certificate> chain) {
        SSLContext tls = Pki.tls(keys.getPrivate(), chain, List.of(pki.ca.rootCertificate()));
        return HttpClient.newBuilder().sslContext(tls).sslParameters(SslContexts.clientParameters(tls)).build();
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        try (HttpClient http = client(deviceKeys, deviceChain)) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
            if (headers.length > 0) {
                b.headers(headers);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    @Test
    void a_device_downloads_the_whole_bundle_with_its_entity_tag() throws Exception {
        givenServer(64 << 20, 2);

        HttpResponse<byte[]> r = get(release.bundlePath());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(bundleBytes);
        assertThat(r.headers().firstValue("ETag")).contains("\"" + release.bundleId() + "\"");
        assertThat(r.headers().firstValue("Accept-Ranges")).contains("bytes");
    }

    @Test
    void serves_the_three_forms_of_a_range_with_206_and_content_range() throws Exception {
        givenServer(64 << 20, 2);
        int size = bundleBytes.length;

        HttpResponse<byte[]> middle = get(release.bundlePath(), "Range", "bytes=100-199");
        HttpResponse<byte[]> tail = get(release.bundlePath(), "Range", "bytes=" + (size - 1000) + "-");
        HttpResponse<byte[]> suffix = get(release.bundlePath(), "Range", "bytes=-10");

        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).contains("bytes 100-199/" + size);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(bundleBytes, 100, 200));
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(bundleBytes, size - 1000, size));
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(bundleBytes, size - 10, size));
    }

    @Test
    void a_range_past_the_end_gets_416_with_the_size() throws Exception {
        givenServer(64 << 20, 2);

        HttpResponse<byte[]> r = get(release.bundlePath(), "Range", "bytes=" + bundleBytes.length + "-");

        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(r.headers().firstValue("Content-Range")).contains("bytes */" + bundleBytes.length);
    }

    @Test
    void if_range_with_another_entity_tag_gets_the_whole_bundle() throws Exception {
        givenServer(64 << 20, 2);

        HttpResponse<byte[]> same = get(release.bundlePath(), "Range", "bytes=0-9", "If-Range",
                "\"" + release.bundleId() + "\"");
        HttpResponse<byte[]> other = get(release.bundlePath(), "Range", "bytes=0-9", "If-Range", "\"something-else\"");

        assertThat(same.statusCode()).isEqualTo(206);
        assertThat(same.body()).hasSize(10);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).hasSize(bundleBytes.length);
    }

    @Test
    void head_tells_the_size_without_a_body() throws Exception {
        givenServer(64 << 20, 2);
        try (HttpClient http = client(deviceKeys, deviceChain)) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri(release.bundlePath()))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(bundleBytes.length);
            assertThat(r.body()).isEmpty();
        }
    }

    @Test
    void an_unknown_bundle_is_404_and_a_birth_certificate_gets_401() throws Exception {
        givenServer(64 << 20, 2);

        assertThat(get(FirmwareRelease.DEVICE_PATH_PREFIX + "0".repeat(64) + ".oib").statusCode()).isEqualTo(404);
        Pki.BornDevice born = pki.bornDevice();
        try (HttpClient http = client(born.birthKeys(), born.birthChain())) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(release.bundlePath())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("operational device certificate");
        }
    }

    @Test
    void the_per_device_rate_cap_slows_the_download() throws Exception {
        givenServer(512 << 10, 2);

        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = get(release.bundlePath(), "Range", "bytes=0-" + ((1 << 20) - 1));
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.body()).hasSize(1 << 20);
        assertThat(millis).as("1 MiB at 512 KiB/s").isBetween(1500L, 30_000L);
    }

    @Test
    void a_third_parallel_download_of_one_device_gets_429_with_retry_after() throws Exception {
        givenServer(64 << 10, 2);
        try (HttpClient http = client(deviceKeys, deviceChain)) {
            List<CompletableFuture<HttpResponse<InputStream>>> running = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                running.add(http.sendAsync(HttpRequest.newBuilder(uri(release.bundlePath())).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream()));
            }
            for (var f : running) {
                assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }

            HttpResponse<String> third = http.send(HttpRequest.newBuilder(uri(release.bundlePath())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("Retry-After")).contains("5");
            for (var f : running) {
                f.get().body().close();
            }
        }
    }

    @Test
    void curl_with_the_device_certificate_gets_one_hundred_bytes() throws Exception {
        givenServer(64 << 20, 2);
        Path cert = dir.resolve("device.pem");
        Path key = dir.resolve("device.key");
        Path ca = dir.resolve("root.pem");
        Path out = dir.resolve("part.bin");
        Pem.writeCertificates(cert, deviceChain);
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(deviceKeys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Pem.writeCertificates(ca, List.of(pki.ca.rootCertificate()));

        Process curl = new ProcessBuilder("curl", "-sS", "--fail", "--cert", cert.toString(), "--key", key.toString(),
                "--cacert", ca.toString(), "-r", "100-199", "-o", out.toString(), "-w", "%{http_code}",
                "https://127.0.0.1:" + server.port() + release.bundlePath()).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(curl.exitValue()).as(output).isZero();
        assertThat(output).isEqualTo("206");
        assertThat(Files.readAllBytes(out)).isEqualTo(Arrays.copyOfRange(bundleBytes, 100, 200));
    }

    @Test
    void a_ready_patch_is_served_at_the_path_the_catalog_gives() throws Exception {
        givenServer(64 << 20, 2);
        try (DeltaPrecomputer deltas = new DeltaPrecomputer(fw.store, fw.storage,
                (base, target, patch) -> Files.copy(target, patch, java.nio.file.StandardCopyOption.REPLACE_EXISTING),
                dir.resolve("work"), 3)) {
            fw.repository.deltas(deltas);
            Path next = fw.givenSignedBundle("3.1.0", 300_000);
            FirmwareRelease target = fw.repository.upload(new ByteArrayInputStream(Files.readAllBytes(next)), "op")
                    .release();
            deltas.precompute(target).get(30, TimeUnit.SECONDS);

            FirmwareDelta delta = fw.repository.delta("3.0.0", target.bundleId()).orElseThrow();
            HttpResponse<byte[]> r = get(delta.patchPath());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat((long) r.body().length).isEqualTo(delta.patchSize());
            HttpResponse<byte[]> part = get(delta.patchPath(), "Range", "bytes=0-99");
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.body()).hasSize(100);
        }
    }
}
