package org.openintercom.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.firmware.internal.SigV4;
import org.openintercom.cloud.store.TestDatabase;

/** The S3 storage against a real S3 server (S3Proxy, in memory, its own process) that checks Signature Version 4. */
class S3BundleStorageTest {

    private static final String ACCESS = "oi-test-access";
    private static final String SECRET = "oi-test-secret-key";
    /** Where Maven puts S3Proxy's self-contained jar (cloud-lite/pom.xml, process-test-resources). */
    private static final Path S3PROXY_JAR = Path.of("target", "s3proxy", "s3proxy.jar");
    private static Process proxy;
    private static URI endpoint;

    @TempDir
    Path dir;

    /** Starts S3Proxy (in-memory back end, SigV2/V4 checked) as its own process and makes the bucket. */
    @BeforeAll
    static void startS3(@TempDir Path work) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        endpoint = URI.create("http://127.0.0.1:" + port);
        Path conf = work.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n", "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + ACCESS, "s3proxy.credential=" + SECRET,
                "jclouds.provider=transient", "jclouds.identity=identity", "jclouds.credential=credential", ""));
        String java = ProcessHandle.current().info().command().orElse("java");
        proxy = new ProcessBuilder(java, "-jar", S3PROXY_JAR.toAbsolutePath().toString(), "--properties",
                conf.toString()).redirectErrorStream(true).redirectOutput(work.resolve("s3proxy.log").toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        URI bucket = URI.create(endpoint + "/firmware");
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); ; ) {
            HttpRequest.Builder b = HttpRequest.newBuilder(bucket).PUT(HttpRequest.BodyPublishers.noBody());
            new SigV4(ACCESS, SECRET, "us-east-1", "s3", Clock.systemUTC()).sign(b, "PUT", bucket,
                    SigV4.EMPTY_SHA256, 0);
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                break;
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline || !proxy.isAlive()) {
                    throw new IllegalStateException("S3Proxy did not start; see " + work.resolve("s3proxy.log"), e);
                }
                Thread.sleep(200);
            }
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (proxy != null) {
            proxy.destroy();
            proxy.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static S3BundleStorage storage(String secret) {
        return new S3BundleStorage(new S3Settings(endpoint, "eu-central-1", "firmware", "oi/", ACCESS, secret));
    }

    private Path givenFile(int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Path file = dir.resolve("object-" + size);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void stores_reads_ranges_and_deletes_an_object() throws Exception {
        S3BundleStorage s3 = storage(SECRET);
        Path file = givenFile(300_000);
        byte[] bytes = Files.readAllBytes(file);

        s3.put("bundles/abc.oib", file);

        assertThat(s3.size("bundles/abc.oib")).hasValue(300_000);
        try (InputStream in = s3.open("bundles/abc.oib", 1000, 5000)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 6000));
        }
        try (InputStream in = s3.open("bundles/abc.oib", 0, 300_000)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(s3.delete("bundles/abc.oib")).isTrue();
        assertThat(s3.size("bundles/abc.oib")).isEmpty();
        assertThat(s3.delete("bundles/abc.oib")).isFalse();
        assertThatThrownBy(() -> s3.open("bundles/abc.oib", 0, 10)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void a_wrong_secret_is_refused_by_the_server() throws Exception {
        Path file = givenFile(1000);

        assertThatThrownBy(() -> storage("not-the-secret").put("bundles/x.oib", file))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("HTTP 403");
    }

    @Test
    void the_repository_stores_uploads_in_s3_and_serves_them_back() throws Exception {
        try (FirmwareFixture fw = new FirmwareFixture(dir, TestDatabase.Kind.H2, 16 << 20, storage(SECRET))) {
            Path bundle = fw.givenSignedBundle("4.0.0", 200_000);
            UploadOutcome outcome;
            try (InputStream in = Files.newInputStream(bundle)) {
                outcome = fw.repository.upload(in, "operator");
            }
            assertThat(outcome.kind()).isEqualTo(UploadOutcome.Kind.STORED);

            FirmwareRepository.Servable servable = fw.repository.servableBundle(outcome.release().bundleId())
                    .orElseThrow();
            assertThat(servable.size()).isEqualTo(Files.size(bundle));
            try (InputStream in = fw.repository.open(servable, 10, 90)) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(Files.readAllBytes(bundle), 10, 100));
            }
        }
    }
}
