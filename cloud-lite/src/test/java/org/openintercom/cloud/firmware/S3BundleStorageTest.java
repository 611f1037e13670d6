package org.openintercom.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Random;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.store.TestDatabase;

/** The S3 storage against a real S3 server (S3Proxy, in memory) that checks Signature Version 4. */
class S3BundleStorageTest {

    private static final String ACCESS = "oi-test-access";
    private static final String SECRET = "oi-test-secret-key";
    private static BlobStoreContext context;
    private static S3Proxy proxy;
    private static URI endpoint;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, "firmware");
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
        proxy.start();
        for (int i = 0; i < 5000 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(2);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @AfterAll
    static void stopS3() throws Exception {
        proxy.stop();
        context.close();
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
