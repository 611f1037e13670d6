package org.openintercom.cloud.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.cloud.Backoff;
import org.openintercom.agent.cloud.DeviceApiTarget;
import org.openintercom.agent.cloud.OfflineCallDeliverer;
import org.openintercom.agent.cloud.OfflineCallOutbox;
import org.openintercom.cloud.calls.history.CallFixture;
import org.openintercom.cloud.calls.history.CallRecord;
import org.openintercom.cloud.calls.history.DialStatus;
import org.openintercom.cloud.calls.history.ReportedCall;
import org.openintercom.cloud.calls.history.RungTarget;
import org.openintercom.cloud.internal.ServiceIdentity;
import org.openintercom.cloud.store.Site;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.channel.StationCallReport;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.CertificateRequests;
import org.openintercom.provisioning.pki.IssueResult;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.SslContexts;

/**
 * Calls stations report themselves ({@code POST /device/v1/calls}) on the real HTTPS device endpoint with device
 * certificates, and the station's outbox and deliverer sending them there: exactly one history row per call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StationCallReportsTest {

    private Path dir;
    private Pki pki;
    private CallFixture f;
    private Site site;
    private DeviceApiServer server;
    private ScheduledExecutorService executor;
    private int next;

    private record Station(DeviceId id, KeyPair keys, List<X509Certificate> chain) {

        SSLContext tls(Pki pki) {
            return Pki.tls(keys.getPrivate(), chain, List.of(pki.ca.rootCertificate()));
        }
    }

    @BeforeAll
    void givenServer(@TempDir Path dir) {
        this.dir = dir;
        f = CallFixture.h2(dir);
        pki = new Pki(dir, Clock.systemUTC()); // certificates are checked against the real time
        site = f.store.givenSite("Tower");
        DeviceEndpoint endpoint = new DeviceEndpoint(pki.ca, pki.manufacturer.rootCertificate(), f.store.devices,
                f.store.audit, new EnrollmentResponse.Endpoints("ssl://127.0.0.1:8883", "https://127.0.0.1:8443",
                        "http://127.0.0.1:8080/crl"), Clock.systemUTC());
        ServiceIdentity identity = ServiceIdentity.issue(pki.ca, "device-api", List.of("localhost", "127.0.0.1"));
        server = DeviceApiServer.start(new InetSocketAddress("127.0.0.1", 0), ClientCertificateCheck.serverContext(
                identity.keyStore(), identity.password().toCharArray(),
                List.of(pki.manufacturer.rootCertificate(), pki.ca.rootCertificate())), endpoint, null,
                new CallSnapshotUploads(f.snapshots, pki.ca.rootCertificate(), cert -> false, Clock.systemUTC()),
                new StationCallReports(f.recorder, pki.ca.rootCertificate(), cert -> false, Clock.systemUTC()));
        executor = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    void stop() {
        executor.shutdownNow();
        server.close();
        f.close();
    }

    private Station givenStation() {
        DeviceId id = f.givenStation(site);
        KeyPair keys = KeyPairs.ecP256();
        return new Station(id, keys, ((IssueResult.Issued) pki.ca.issueDevice(CertificateRequests.create(keys, id),
                id)).chain());
    }

    private StationCallReport report(Station who) {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z").plusSeconds(next);
        return new StationCallReport("mesh-" + (next++) + "@fe80::1", who.id().value(), Optional.of("call"),
                "flat-12", List.of("BCDEFGHJKM", "CDEFGHJKMN"), Optional.of("CDEFGHJKMN"),
                StationCallReport.Outcome.ANSWERED, t0, Optional.of(t0.plusSeconds(5)), t0.plusSeconds(65));
    }

    /** {@code who}'s report of a call with the Call-ID of {@code theirs}. */
    private static StationCallReport sameCallId(StationCallReport theirs, Station who) {
        return new StationCallReport(theirs.callId(), who.id().value(), theirs.button(), theirs.target(),
                theirs.targetsRung(), theirs.answeredBy(), theirs.outcome(), theirs.startedAt(), theirs.answeredAt(),
                theirs.endedAt());
    }

    private HttpResponse<String> post(Station who, String path, String method, byte[] body) throws Exception {
        SSLContext tls = who.tls(pki);
        try (HttpClient http = HttpClient.newBuilder().sslContext(tls).sslParameters(SslContexts.clientParameters(tls))
                .build()) {
            return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpResponse<String> post(Station who, Object report) throws Exception {
        return post(who, StationCallReports.PATH, "POST", ChannelJson.encode(report));
    }

    private long rows(Station who) {
        return f.store.testDb.database().read("count", c -> org.openintercom.cloud.store.Jdbc.list(c,
                "SELECT COUNT(*) FROM calls WHERE station_id = ?", ps -> ps.setString(1, who.id().value()),
                rs -> rs.getLong(1)).get(0));
    }

    private OfflineCallDeliverer deliverer(OfflineCallOutbox outbox, Station who, AtomicReference<URI> api) {
        return new OfflineCallDeliverer(outbox, executor,
                () -> Optional.of(new DeviceApiTarget(api.get(), who.tls(pki))),
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), new Random(7)));
    }

    private URI deviceApi() {
        return URI.create("https://127.0.0.1:" + server.port());
    }

    @Test
    void a_reported_call_is_recorded_once_however_often_it_is_sent() throws Exception {
        Station door = givenStation();
        StationCallReport report = report(door);

        HttpResponse<String> first = post(door, report);
        HttpResponse<String> again = post(door, report);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(rows(door)).isEqualTo(1);
        CallRecord r = f.call(report.callId());
        assertThat(r.station()).isEqualTo(door.id());
        assertThat(r.status()).isEqualTo(DialStatus.ANSWERED);
        assertThat(r.routing()).startsWith(ReportedCall.ROUTING).contains("BCDEFGHJKM");
        assertThat(r.target()).isEqualTo("flat-12");
        assertThat(r.answeredBy()).isEqualTo("CDEFGHJKMN");
        assertThat(r.answeredAt()).isEqualTo(report.answeredAt().orElseThrow());
        assertThat(r.endedAt()).isEqualTo(report.endedAt());
        assertThat(r.scope()).isEqualTo(site.scope());
        assertThat(r.targetsRung()).extracting(RungTarget::target).containsExactly("BCDEFGHJKM", "CDEFGHJKMN");
    }

    @Test
    void a_station_cannot_report_another_stations_call() throws Exception {
        Station door = givenStation();
        Station neighbour = givenStation();

        HttpResponse<String> r = post(door, report(neighbour));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("station").contains("another station");
        assertThat(rows(neighbour)).isZero();
        assertThat(rows(door)).isZero();
    }

    @Test
    void a_call_id_another_station_recorded_is_a_conflict() throws Exception {
        Station door = givenStation();
        Station neighbour = givenStation();
        StationCallReport theirs = report(neighbour);
        assertThat(post(neighbour, theirs).statusCode()).isEqualTo(201);
        StationCallReport mine = sameCallId(theirs, door);

        HttpResponse<String> r = post(door, mine);

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("callId");
        assertThat(f.call(theirs.callId()).station()).isEqualTo(neighbour.id());
    }

    @Test
    void a_bad_report_is_400_naming_the_field() throws Exception {
        Station door = givenStation();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ChannelJson.mapper().valueToTree(report(door));

        HttpResponse<String> wrongOutcome = post(door, tree.deepCopy().put("outcome", "EXPLODED"));
        HttpResponse<String> noTarget = post(door, tree.deepCopy().put("target", ""));
        HttpResponse<String> notJson = post(door, StationCallReports.PATH, "POST", "{\"callId\":".getBytes());

        assertThat(wrongOutcome.statusCode()).isEqualTo(400);
        assertThat(wrongOutcome.body()).contains("outcome");
        assertThat(noTarget.statusCode()).isEqualTo(400);
        assertThat(noTarget.body()).contains("target");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(rows(door)).isZero();
    }

    @Test
    void only_post_on_the_exact_path_and_snapshots_keep_their_paths() throws Exception {
        Station door = givenStation();

        assertThat(post(door, StationCallReports.PATH, "PUT", new byte[0]).statusCode()).isEqualTo(405);
        assertThat(post(door, StationCallReports.PATH + "x", "POST", new byte[0]).statusCode()).isEqualTo(404);
        // a snapshot upload still reaches the snapshot handler (which wants a JPEG)
        assertThat(post(door, "/device/v1/calls/abc/snapshot", "PUT", new byte[] {1}).statusCode()).isEqualTo(415);
    }

    @Test
    void the_station_delivers_its_outbox_and_it_empties() throws Exception {
        Station door = givenStation();
        try (OfflineCallOutbox outbox = OfflineCallOutbox.open(dir.resolve(door.id() + ".jsonl"), door.id().value())) {
            StationCallReport a = report(door);
            StationCallReport b = report(door);
            outbox.add(a);
            outbox.add(b);

            OfflineCallDeliverer.Round round = deliverer(outbox, door, new AtomicReference<>(deviceApi()))
                    .deliverNow();

            assertThat(round.delivered()).isEqualTo(2);
            assertThat(outbox.pending()).isEmpty();
            assertThat(rows(door)).isEqualTo(2);
        }
    }

    @Test
    void a_restart_between_sending_and_the_acknowledgement_still_gives_one_row() throws Exception {
        Station door = givenStation();
        Path file = dir.resolve(door.id() + "-restart.jsonl");
        Path beforeAck = dir.resolve(door.id() + "-before-ack.jsonl");
        StationCallReport report = report(door);
        try (OfflineCallOutbox outbox = OfflineCallOutbox.open(file, door.id().value())) {
            outbox.add(report);
            Files.copy(file, beforeAck); // the outbox as a crash right after the POST leaves it
            deliverer(outbox, door, new AtomicReference<>(deviceApi())).deliverNow();
        }

        try (OfflineCallOutbox restarted = OfflineCallOutbox.open(beforeAck, door.id().value())) {
            assertThat(restarted.pending()).containsExactly(report);
            OfflineCallDeliverer.Round round = deliverer(restarted, door, new AtomicReference<>(deviceApi()))
                    .deliverNow();

            assertThat(round.delivered()).isEqualTo(1);
            assertThat(restarted.pending()).isEmpty();
        }
        assertThat(rows(door)).isEqualTo(1);
    }

    @Test
    void the_deliverer_retries_while_the_cloud_is_down_and_delivers_when_it_is_back() throws Exception {
        Station door = givenStation();
        URI down;
        try (ServerSocket free = new ServerSocket(0)) {
            down = URI.create("https://127.0.0.1:" + free.getLocalPort()); // closed when the block ends
        }
        AtomicReference<URI> api = new AtomicReference<>(down);
        try (OfflineCallOutbox outbox = OfflineCallOutbox.open(dir.resolve(door.id() + "-down.jsonl"),
                door.id().value())) {
            deliverer(outbox, door, api); // listens to the outbox
            outbox.add(report(door)); // kicks a round, which cannot reach the cloud

            Thread.sleep(300);
            assertThat(outbox.pending()).hasSize(1);
            assertThat(rows(door)).isZero();

            api.set(deviceApi()); // the cloud is back: a scheduled retry delivers without another kick
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!outbox.pending().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(outbox.pending()).isEmpty();
            assertThat(rows(door)).isEqualTo(1);
        }
    }

    @Test
    void a_refused_record_leaves_the_outbox_and_the_others_still_go() throws Exception {
        Station door = givenStation();
        Station neighbour = givenStation();
        StationCallReport theirs = report(neighbour);
        assertThat(post(neighbour, theirs).statusCode()).isEqualTo(201);
        StationCallReport clash = sameCallId(theirs, door);
        try (OfflineCallOutbox outbox = OfflineCallOutbox.open(dir.resolve(door.id() + "-clash.jsonl"),
                door.id().value())) {
            outbox.add(clash);
            outbox.add(report(door));

            OfflineCallDeliverer.Round round = deliverer(outbox, door, new AtomicReference<>(deviceApi()))
                    .deliverNow();

            assertThat(round.refused()).isEqualTo(1);
            assertThat(round.delivered()).isEqualTo(1);
            assertThat(outbox.pending()).isEmpty();
        }
    }
}
