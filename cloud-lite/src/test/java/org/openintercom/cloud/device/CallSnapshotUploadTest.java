package org.openintercom.cloud.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.calls.history.CallHistoryStore;
import org.openintercom.cloud.calls.history.NewCall;
import org.openintercom.cloud.calls.history.SnapshotStore;
import org.openintercom.cloud.calls.history.TargetKind;
import org.openintercom.cloud.internal.ServiceIdentity;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.CertificateRequests;
import org.openintercom.provisioning.pki.IssueResult;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.SslContexts;

/** Caller snapshots uploaded on the real HTTPS device endpoint with device certificates. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallSnapshotUploadTest {

    private Pki pki;
    private TestDatabase db;
    private CallHistoryStore calls;
    private DeviceApiServer server;
    private Station station;
    private Station neighbour;

    private record Station(DeviceId id, KeyPair keys, List<X509Certificate> chain) {
    }

    @BeforeAll
    void givenServer(@TempDir Path dir) {
        Clock clock = Clock.systemUTC();
        pki = new Pki(dir, clock);
        db = TestDatabase.h2();
        calls = new CallHistoryStore(db.database());
        SnapshotStore snapshots = new SnapshotStore(calls, dir.resolve("call-snapshots"), clock);
        DeviceStore devices = new DeviceStore(db.database(), clock);
        AuditLog audit = new AuditLog(db.database(), clock);
        DeviceEndpoint endpoint = new DeviceEndpoint(pki.ca, pki.manufacturer.rootCertificate(), devices, audit,
                new EnrollmentResponse.Endpoints("ssl://127.0.0.1:8883", "https://127.0.0.1:8443",
                        "http://127.0.0.1:8080/crl"), clock);
        ServiceIdentity identity = ServiceIdentity.issue(pki.ca, "device-api", List.of("localhost", "127.0.0.1"));
        server = DeviceApiServer.start(new InetSocketAddress("127.0.0.1", 0), ClientCertificateCheck.serverContext(
                identity.keyStore(), identity.password().toCharArray(),
                List.of(pki.manufacturer.rootCertificate(), pki.ca.rootCertificate())), endpoint, null,
                new CallSnapshotUploads(snapshots, pki.ca.rootCertificate(), cert -> false, clock));
    }

    @BeforeEach
    void givenStations() {
        station = station();
        neighbour = station();
    }

    @AfterAll
    void stop() {
        server.close();
        db.close();
    }

    private Station station() {
        DeviceId id = DeviceId.random();
        KeyPair keys = KeyPairs.ecP256();
        return new Station(id, keys, ((IssueResult.Issued) pki.ca.issueDevice(CertificateRequests.create(keys, id), id))
                .chain());
    }

    private HttpResponse<String> put(Station who, String encodedCallId, String type, byte[] body) throws Exception {
        SSLContext tls = Pki.tls(who.keys().getPrivate(), who.chain(), List.of(pki.ca.rootCertificate()));
        try (HttpClient http = HttpClient.newBuilder().sslContext(tls).sslParameters(SslContexts.clientParameters(tls))
                .build()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port()
                    + "/device/v1/calls/" + encodedCallId + "/snapshot")).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
            if (type != null) {
                b.header("Content-Type", type);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static byte[] jpeg(int size) {
        byte[] b = new byte[size];
        b[0] = (byte) 0xff;
        b[1] = (byte) 0xd8;
        b[2] = (byte) 0xff;
        return b;
    }

    private void givenCall(Station who, String callId) {
        calls.insert(new NewCall(callId, who.id(), "Door", null, "residents", TargetKind.GROUP, null, Instant.now()),
                null, Instant.now());
    }

    @Test
    void a_station_uploads_the_snapshot_of_its_call_and_may_replace_it() throws Exception {
        givenCall(station, "abc@10.0.0.7");

        HttpResponse<String> first = put(station, "abc%4010.0.0.7", "image/jpeg", jpeg(50_000));
        HttpResponse<String> again = put(station, "abc%4010.0.0.7", "image/jpeg", jpeg(40_000));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(first.headers().firstValue("Location")).contains("/api/v1/calls/abc%4010.0.0.7/snapshot");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(calls.find("abc@10.0.0.7").orElseThrow().hasSnapshot()).isTrue();
        assertThat(calls.snapshot(station.id(), "abc@10.0.0.7").orElseThrow().sizeBytes()).isEqualTo(40_000);
    }

    @Test
    void a_snapshot_that_arrives_before_the_call_is_linked_when_the_call_is_recorded() throws Exception {
        HttpResponse<String> r = put(station, "early%2Bcall", "image/jpeg", jpeg(1000));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

        givenCall(station, "early+call");

        assertThat(calls.find("early+call").orElseThrow().hasSnapshot()).isTrue();
    }

    @Test
    void another_stations_call_is_refused() throws Exception {
        givenCall(neighbour, "theirs@relay");

        HttpResponse<String> r = put(station, "theirs%40relay", "image/jpeg", jpeg(1000));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("another station");
        assertThat(calls.find("theirs@relay").orElseThrow().hasSnapshot()).isFalse();
    }

    @Test
    void a_snapshot_over_2_mib_is_413() throws Exception {
        HttpResponse<String> r = put(station, "big", "image/jpeg", jpeg(SnapshotStore.MAX_BYTES + 1));

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(put(station, "max", "image/jpeg", jpeg(SnapshotStore.MAX_BYTES)).statusCode()).isEqualTo(201);
    }

    @Test
    void what_is_not_a_jpeg_is_415() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};

        HttpResponse<String> wrongBytes = put(station, "png", "image/jpeg", png);
        HttpResponse<String> wrongType = put(station, "typed", "image/png", jpeg(100));
        HttpResponse<String> noType = put(station, "untyped", null, jpeg(100));

        assertThat(wrongBytes.statusCode()).isEqualTo(415);
        assertThat(wrongBytes.body()).contains("FF D8 FF");
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(noType.statusCode()).isEqualTo(415);
        assertThat(calls.snapshot(station.id(), "png")).isEmpty();
    }

    @Test
    void only_put_is_allowed() throws Exception {
        SSLContext tls = Pki.tls(station.keys().getPrivate(), station.chain(), List.of(pki.ca.rootCertificate()));
        try (HttpClient http = HttpClient.newBuilder().sslContext(tls).sslParameters(SslContexts.clientParameters(tls))
                .build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port()
                    + "/device/v1/calls/x/snapshot")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).contains("PUT");
        }
    }
}
