package org.openintercom.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.calls.history.CallEnd;
import org.openintercom.cloud.calls.history.EndCause;
import org.openintercom.cloud.calls.history.NewCall;
import org.openintercom.cloud.calls.history.TargetKind;
import org.openintercom.cloud.device.Pki;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.SslContexts;

/** cloud-lite as one process: the relay's recorder, a station's snapshot on the device API, the operator's API. */
class CloudLiteCallHistoryTest {

    private static final String ADMIN_PASSWORD = "correct horse battery";
    @TempDir
    static Path dir;
    private static CloudLite cloud;
    private static DeviceFlow flow;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startCloud() throws Exception {
        ManufacturerCa factory = ManufacturerCa.createOrLoad(dir.resolve("factory"), Pki.PASSWORD, Clock.systemUTC());
        Path root = dir.resolve("manufacturer.crt");
        Pem.writeCertificates(root, List.of(factory.rootCertificate()));
        cloud = CloudLite.start(CloudLiteConfig.builder().dataDir(dir.resolve("cloud")).ports(0, 0, 0).relay(CallRelaySettings.builder().freePorts().build())
                .manufacturerRoot(root).initialAdminPassword(ADMIN_PASSWORD).build());
        flow = new DeviceFlow(cloud, factory, ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopCloud() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void a_call_recorded_by_the_relay_is_listed_with_the_snapshot_its_station_uploaded() throws Exception {
        DeviceFlow.Station station = flow.givenEnrolledStation("{}");
        try {
            Instant t0 = Instant.now();
            String callId = "8f2c1e@10.1.2.3";
            byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F'};
            try (HttpClient device = HttpClient.newBuilder().sslContext(station.tls())
                    .sslParameters(SslContexts.clientParameters(station.tls())).build()) {
                HttpResponse<String> r = device.send(HttpRequest.newBuilder(cloud.deviceApiUri()
                        .resolve("/device/v1/calls/8f2c1e%4010.1.2.3/snapshot")).header("Content-Type", "image/jpeg")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
            assertThat(cloud.calls().callStarted(new NewCall(callId, station.born().id(), "Front door",
                    "sip:front@relay", "residents", TargetKind.GROUP, "group residents", t0))).isTrue();
            cloud.calls().targetsRung(callId, 1, List.of("alice"), t0);
            cloud.calls().answered(callId, "alice", t0.plusSeconds(4));
            cloud.calls().ended(callId, CallEnd.hungUp(EndCause.CALLEE_HUNG_UP, t0.plusSeconds(34)));
            assertThat(cloud.calls().flush(Duration.ofSeconds(10))).isTrue();

            String token = flow.api("POST", "/api/v1/session", "{\"username\":\"admin\",\"password\":\""
                    + ADMIN_PASSWORD + "\"}").get("token").asText();
            JsonNode call = JSON.readTree(get("/api/v1/calls/8f2c1e%4010.1.2.3", token).body());
            assertThat(call.get("status").asText()).isEqualTo("ANSWERED");
            assertThat(call.get("talkSeconds").decimalValue()).isEqualByComparingTo("30");
            assertThat(call.get("siteId").asLong()).isPositive();
            HttpResponse<byte[]> snapshot = HTTP.send(HttpRequest.newBuilder(cloud.apiUri()
                    .resolve(call.get("snapshotUrl").asText())).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(snapshot.body()).isEqualTo(jpeg);
            assertThat(get("/api/v1/calls.csv", token).body()).contains("8f2c1e@10.1.2.3,");
        } finally {
            station.mqtt().disconnect();
        }
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(cloud.apiUri().resolve(path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r;
    }
}
