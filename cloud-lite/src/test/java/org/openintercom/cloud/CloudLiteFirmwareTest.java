package org.openintercom.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.device.Pki;
import org.openintercom.ota.BundleBuilder;
import org.openintercom.ota.BundleSigner;
import org.openintercom.ota.ReleaseCa;
import org.openintercom.ota.ReleaseKeys;
import org.openintercom.ota.Releases;
import org.openintercom.ota.SigningAlgorithm;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.SslContexts;

/** cloud-lite as one process: a bundle signed under its development release CA, uploaded and downloaded. */
class CloudLiteFirmwareTest {

    @TempDir
    static Path dir;
    private static CloudLite cloud;
    private static DeviceFlow flow;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startCloud() throws Exception {
        ManufacturerCa factory = ManufacturerCa.createOrLoad(dir.resolve("factory"), Pki.PASSWORD, Clock.systemUTC());
        Path root = dir.resolve("manufacturer.crt");
        Pem.writeCertificates(root, List.of(factory.rootCertificate()));
        cloud = CloudLite.start(CloudLiteConfig.builder().dataDir(dir.resolve("cloud")).ports(0, 0, 0).relay(CallRelaySettings.builder().freePorts().build())
                .manufacturerRoot(root).initialAdminPassword("correct horse battery").build());
        flow = new DeviceFlow(cloud, factory, "correct horse battery");
    }

    @AfterAll
    static void stopCloud() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void a_bundle_signed_under_the_development_release_ca_is_uploaded_and_downloaded_by_a_station()
            throws Exception {
        Path caDir = dir.resolve("cloud").resolve("release-ca");
        ReleaseCa releaseCa = ReleaseCa.createOrLoad(caDir,
                Files.readString(caDir.resolve("passphrase")).strip().toCharArray(), Clock.systemUTC());
        assertThat(releaseCa.rootCertificate()).isEqualTo(cloud.releaseRoot());
        KeyPair keys = ReleaseKeys.generate(SigningAlgorithm.ED25519);
        Path payload = dir.resolve("fw.img");
        Files.write(payload, new byte[300_000]);
        Path bundle = dir.resolve("fw.oib");
        BundleBuilder.build(payload, Releases.spec("1.0.0"), bundle, Clock.systemUTC());
        BundleSigner.sign(bundle, keys.getPrivate(), releaseCa.issueSigner("release test", keys.getPublic(),
                java.time.Duration.ofDays(30)));
        String token = flow.api("POST", "/api/v1/session",
                "{\"username\":\"admin\",\"password\":\"correct horse battery\"}").get("token").asText();

        HttpResponse<String> uploaded = HTTP.send(HttpRequest.newBuilder(cloud.apiUri().resolve("/api/v1/firmware"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofFile(bundle)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String bundleId = cloud.firmware().all().get(0).bundleId();

        DeviceFlow.Station station = flow.givenEnrolledStation("{}");
        try (HttpClient device = HttpClient.newBuilder().sslContext(station.tls())
                .sslParameters(SslContexts.clientParameters(station.tls())).build()) {
            HttpResponse<byte[]> r = device.send(HttpRequest.newBuilder(cloud.deviceApiUri()
                    .resolve(cloud.firmware().find(bundleId).orElseThrow().bundlePath()))
                    .header("Range", "bytes=0-1023").GET().build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(r.statusCode()).isEqualTo(206);
            assertThat(r.body()).isEqualTo(Arrays.copyOf(Files.readAllBytes(bundle), 1024));
        } finally {
            station.mqtt().disconnect();
        }
    }
}
