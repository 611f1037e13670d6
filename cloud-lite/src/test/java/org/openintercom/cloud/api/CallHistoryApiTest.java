package org.openintercom.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.api.ApiClient.Response;
import org.openintercom.cloud.auth.PasswordHasher;
import org.openintercom.cloud.calls.history.CallEnd;
import org.openintercom.cloud.calls.history.CallHistoryStore;
import org.openintercom.cloud.calls.history.DialStatus;
import org.openintercom.cloud.calls.history.EndCause;
import org.openintercom.cloud.calls.history.NewCall;
import org.openintercom.cloud.calls.history.SnapshotStore;
import org.openintercom.cloud.calls.history.TargetKind;
import org.openintercom.cloud.store.MutableClock;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.cloud.store.Site;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.provisioning.claim.DeviceId;

/** The call history over HTTP: filters, pagination, scoping, CSV, snapshots and the 400s. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallHistoryApiTest {

    private static final String ADMIN_PASSWORD = "admin-secret-1";
    private static final String PASSWORD = "long-enough-1";

    private final MutableClock clock = MutableClock.start();
    private TestDatabase db;
    private CallHistoryStore store;
    private SnapshotStore snapshots;
    private ApiServer server;
    private ApiClient client;
    private String admin;
    private String acmeViewer;
    private String otherViewer;
    private Site tower;
    private Site villa;
    private final DeviceId towerStation = DeviceId.random();
    private final DeviceId villaStation = DeviceId.random();
    /** Acme's calls, newest first. */
    private final List<String> acmeCalls = new ArrayList<>();
    private Instant firstStart;
    private final byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 1, 2, 3};

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        db = TestDatabase.h2();
        store = new CallHistoryStore(db.database());
        snapshots = new SnapshotStore(store, dataDir.resolve("call-snapshots"), clock);
        CloudApi api = CloudApi.create(db.database(), CloudApiConfig.builder().dataDir(dataDir).clock(clock)
                .initialAdminPassword(ADMIN_PASSWORD).passwordIterations(PasswordHasher.MIN_ITERATIONS)
                .calls(new CallHistoryService(store, snapshots)).build());
        server = ApiServer.start(ApiServerConfig.builder().port(0).build(), api);
        client = new ApiClient(server.baseUri());
        admin = client.signIn("admin", ADMIN_PASSWORD);
        OrganisationStore organisations = new OrganisationStore(db.database(), clock);
        var acme = organisations.createCompany("Acme");
        var acmeProject = organisations.createProject(acme.id(), "Tower");
        tower = organisations.createSite(acmeProject.id(), "Entrance", java.time.ZoneId.of("Europe/Zurich"));
        villa = organisations.createSite(acmeProject.id(), "Garden", java.time.ZoneId.of("Europe/Zurich"));
        var other = organisations.createCompany("Other");
        acmeViewer = givenUser("acme-viewer", "PROJECT", acmeProject.id());
        otherViewer = givenUser("other-viewer", "COMPANY", other.id());

        firstStart = clock.instant();
        for (int i = 0; i < 5; i++) {
            DeviceId station = i < 3 ? towerStation : villaStation;
            Site site = i < 3 ? tower : villa;
            NewCall call = new NewCall("call-" + i + "@relay", station, i == 0 ? "Door, \"main\"" : "Door " + i,
                    "sip:door@relay", "residents", TargetKind.GROUP, "group residents", clock.instant());
            store.insert(call, site.scope(), clock.instant());
            store.addTargets(call.callId(), 1, List.of("alice", "bob"), clock.instant());
            if (i % 2 == 0) {
                store.answered(call.callId(), "bob", clock.instant().plusSeconds(5));
                store.ended(call.callId(), CallEnd.hungUp(EndCause.CALLER_HUNG_UP, clock.instant().plusSeconds(35)));
            } else {
                store.ended(call.callId(), CallEnd.cancelled(clock.instant().plusSeconds(9)));
            }
            acmeCalls.add(0, call.callId());
            clock.advance(Duration.ofMinutes(10));
        }
        snapshots.upload(towerStation, "call-0@relay", jpeg);
    }

    @AfterAll
    void stopServer() {
        server.close();
        db.close();
    }

    private String givenUser(String name, String scopeType, long scopeId) {
        ok(201, client.post("/api/v1/users", admin, "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}"));
        ok(201, client.post("/api/v1/users/" + name + "/roles", admin,
                "{\"role\":\"VIEWER\",\"scopeType\":\"" + scopeType + "\",\"scopeId\":" + scopeId + "}"));
        return client.signIn(name, PASSWORD);
    }

    private static JsonNode ok(int status, Response r) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(status);
        return r.body();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(c -> ids.add(c.get("callId").asText()));
        return ids;
    }

    private HttpResponse<String> raw(String path, String token) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve(path)).GET();
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void lists_calls_newest_first_with_derived_ring_and_talk_time() {
        JsonNode page = ok(200, client.get("/api/v1/calls", acmeViewer));

        assertThat(ids(page)).containsExactlyElementsOf(acmeCalls);
        assertThat(page.has("next")).isFalse();
        JsonNode first = page.get("items").get(4);
        assertThat(first.get("status").asText()).isEqualTo("ANSWERED");
        assertThat(first.get("ringSeconds").decimalValue()).isEqualByComparingTo("5");
        assertThat(first.get("talkSeconds").decimalValue()).isEqualByComparingTo("30");
        assertThat(first.get("answeredBy").asText()).isEqualTo("bob");
        assertThat(first.get("targetsRung")).hasSize(2);
        assertThat(first.get("siteId").asLong()).isEqualTo(tower.id());
        assertThat(first.get("snapshotUrl").asText()).isEqualTo("/api/v1/calls/call-0%40relay/snapshot");
        assertThat(first.get("startedAt").asText()).isEqualTo(firstStart.toString());
        assertThat(page.get("items").get(3).get("status").asText()).isEqualTo("MISSED");
        assertThat(page.get("items").get(3).get("talkSeconds").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void pages_follow_the_opaque_cursor_to_the_end() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = ok(200, client.get("/api/v1/calls?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    acmeViewer));
            seen.addAll(ids(page));
            cursor = page.has("next") ? page.get("next").asText() : null;
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(acmeCalls);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void filters_by_status_station_site_and_time() {
        assertThat(ids(ok(200, client.get("/api/v1/calls?status=missed", admin))))
                .containsExactly("call-3@relay", "call-1@relay");
        assertThat(ids(ok(200, client.get("/api/v1/calls?status=MISSED,ANSWERED", admin)))).hasSize(5);
        assertThat(ids(ok(200, client.get("/api/v1/calls?device=" + villaStation.value(), admin))))
                .containsExactly("call-4@relay", "call-3@relay");
        assertThat(ids(ok(200, client.get("/api/v1/calls?site=" + tower.id(), admin))))
                .containsExactly("call-2@relay", "call-1@relay", "call-0@relay");
        Instant from = firstStart.plus(Duration.ofMinutes(10));
        Instant to = firstStart.plus(Duration.ofMinutes(30));
        assertThat(ids(ok(200, client.get("/api/v1/calls?from=" + from + "&to=" + to, admin))))
                .containsExactly("call-2@relay", "call-1@relay");
    }

    @Test
    void a_user_of_another_company_sees_nothing() {
        assertThat(ids(ok(200, client.get("/api/v1/calls", otherViewer)))).isEmpty();
        assertThat(client.get("/api/v1/calls/call-0%40relay", otherViewer).status()).isEqualTo(404);
        assertThat(client.get("/api/v1/calls/call-0%40relay/snapshot", otherViewer).status()).isEqualTo(404);
        assertThat(ok(200, client.get("/api/v1/calls/call-0%40relay", acmeViewer)).get("callId").asText())
                .isEqualTo("call-0@relay");
    }

    @Test
    void bad_filter_values_are_400s_that_name_the_parameter() {
        for (String q : List.of("status=ringing", "from=yesterday", "to=2026-13-01", "limit=0", "limit=5000",
                "cursor=bm90LWEtY3Vyc29y", "device=not-a-device", "site=abc")) {
            Response r = client.get("/api/v1/calls?" + q, admin);
            String param = q.substring(0, q.indexOf('='));
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.error()).isEqualTo("bad_request");
            assertThat(r.detail()).as(q).contains(param);
        }
        Response backwards = client.get("/api/v1/calls?from=2026-03-02&to=2026-03-01", admin);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.detail()).contains("from");
        assertThat(client.get("/api/v1/calls.csv?status=ringing", admin).status()).isEqualTo(400);
        assertThat(client.get("/api/v1/calls", null).status()).isEqualTo(401);
    }

    @Test
    void exports_the_same_filters_as_csv() throws Exception {
        HttpResponse<String> r = raw("/api/v1/calls.csv?site=" + tower.id(), acmeViewer);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v)
                .contains("calls.csv"));
        String[] lines = r.body().split("\r\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("call_id,started_at,");
        assertThat(lines[1]).startsWith("call-2@relay,");
        assertThat(lines[3]).startsWith("call-0@relay," + firstStart + ",")
                .contains(",5.000,30.000,ANSWERED,200,OK,CALLER_HUNG_UP,")
                .contains(",\"Door, \"\"main\"\"\",")
                .endsWith(",yes");
        HttpResponse<String> other = raw("/api/v1/calls.csv", otherViewer);
        assertThat(other.body().split("\r\n")).hasSize(1);
    }

    @Test
    void the_csv_export_streams_more_calls_than_one_page() throws Exception {
        DeviceId busy = DeviceId.random();
        Instant at = firstStart.minus(Duration.ofDays(1));
        int n = CallHistoryEndpoints.CSV_PAGE + 7;
        for (int i = 0; i < n; i++) {
            store.insert(new NewCall("bulk-" + i, busy, "Bulk", null, "u1", TargetKind.USER, null,
                    at.plusSeconds(i)), null, at); // an unclaimed station: only system scope sees it
        }

        HttpResponse<String> r = raw("/api/v1/calls.csv?device=" + busy.value() + "&status=IN_PROGRESS", admin);

        assertThat(r.body().split("\r\n")).hasSize(n + 1);
        assertThat(ok(200, client.get("/api/v1/calls?status=" + DialStatus.ANSWERED, admin)).get("items")).hasSize(3);
    }

    @Test
    void serves_the_snapshot_of_a_call_as_jpeg() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(server.baseUri()
                    .resolve("/api/v1/calls/call-0%40relay/snapshot")).header("Authorization", "Bearer " + acmeViewer)
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("image/jpeg");
            assertThat(r.body()).isEqualTo(jpeg);
        }
        Response none = client.get("/api/v1/calls/call-1%40relay/snapshot", acmeViewer);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.detail()).contains("no snapshot");
        assertThat(client.get("/api/v1/calls/nope/snapshot", admin).status()).isEqualTo(404);
    }
}
