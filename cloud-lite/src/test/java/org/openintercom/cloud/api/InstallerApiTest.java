package org.openintercom.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.api.ApiClient.Response;
import org.openintercom.cloud.auth.PasswordHasher;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.cloud.store.MutableClock;
import org.openintercom.cloud.store.StoreFixture;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.DeviceId;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstallerApiTest {

    private static final String ADMIN_PASSWORD = "admin-secret-1";
    private static final String PASSWORD = "long-enough-1";

    private final MutableClock clock = MutableClock.start();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private TestDatabase db;
    private CloudApi api;
    private ApiServer server;
    private ApiClient client;
    private String admin;
    private String installerA;
    private String viewer;
    private long companyId;
    private long projectId;
    private long siteA;
    private long siteB;

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        db = TestDatabase.h2();
        api = CloudApi.create(db.database(), CloudApiConfig.builder()
                .dataDir(dataDir)
                .clock(clock)
                .initialAdminPassword(ADMIN_PASSWORD)
                .passwordIterations(PasswordHasher.MIN_ITERATIONS)
                .listener(new DeviceLifecycleListener() {
                    @Override
                    public void onUnclaimed(DeviceId deviceId, String revokedSerial) {
                        events.add("unclaimed " + deviceId + " " + revokedSerial);
                    }

                    @Override
                    public void onConfigurationChanged(DeviceId deviceId, long version) {
                        events.add("configured " + deviceId + " v" + version);
                    }
                })
                .build());
        server = ApiServer.start(ApiServerConfig.builder().port(0).build(), api);
        client = new ApiClient(server.baseUri());
        admin = client.signIn("admin", ADMIN_PASSWORD);
        companyId = created(client.post("/api/v1/companies", admin, "{\"name\":\"Acme\"}")).get("id").asLong();
        projectId = created(client.post("/api/v1/companies/" + companyId + "/projects", admin,
                "{\"name\":\"Tower\"}")).get("id").asLong();
        siteA = givenSite("Entrance A");
        siteB = givenSite("Entrance B");
        installerA = givenUser("inst-a", "INSTALLER", "SITE", siteA);
        viewer = givenUser("viewer", "VIEWER", "PROJECT", projectId);
    }

    @AfterAll
    void stopServer() {
        server.close();
        db.close();
    }

    private long givenSite(String name) {
        return created(client.post("/api/v1/projects/" + projectId + "/sites", admin,
                "{\"name\":\"" + name + "\",\"timeZone\":\"Europe/Zurich\"}")).get("id").asLong();
    }

    private String givenUser(String name, String role, String scopeType, long scopeId) {
        created(client.post("/api/v1/users", admin, "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}"));
        created(client.post("/api/v1/users/" + name + "/roles", admin,
                "{\"role\":\"" + role + "\",\"scopeType\":\"" + scopeType + "\",\"scopeId\":" + scopeId + "}"));
        return client.signIn(name, PASSWORD);
    }

    private static com.fasterxml.jackson.databind.JsonNode created(Response r) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(201);
        return r.body();
    }

    private Response claim(String token, long siteId, String code) {
        return client.post("/api/v1/sites/" + siteId + "/claims", token, "{\"code\":\"" + code + "\"}");
    }

    private ClaimCode givenClaimed(long siteId) {
        ClaimCode code = StoreFixture.givenClaimCode();
        created(claim(installerA, siteId, code.qrPayload()));
        return code;
    }

    @Test
    void signing_in_returns_a_token_and_its_expiry() {
        Response r = client.post("/api/v1/session", null, "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().get("token").asText()).contains(".");
        assertThat(Instant.parse(r.body().get("expiresAt").asText())).isEqualTo(clock.instant().plusSeconds(8 * 3600));
    }

    @Test
    void a_wrong_password_is_refused_with_401() {
        Response r = client.post("/api/v1/session", null, "{\"username\":\"admin\",\"password\":\"nope\"}");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.detail()).isEqualTo("wrong username or password");
    }

    @Test
    void requests_without_or_with_a_bad_token_get_401() {
        Response none = client.get("/api/v1/devices", null);
        Response bad = client.get("/api/v1/devices", "abc.def.ghi");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.detail()).contains("missing bearer token");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.error()).isEqualTo("unauthorized");
    }

    @Test
    void a_viewer_is_refused_to_claim() {
        Response r = claim(viewer, siteA, StoreFixture.givenClaimCode().qrPayload());

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.detail()).contains("VIEWER at project " + projectId).contains("does not allow");
    }

    @Test
    void an_installer_of_site_a_is_refused_on_site_b() {
        Response r = claim(installerA, siteB, StoreFixture.givenClaimCode().qrPayload());

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.detail()).isEqualTo("inst-a has no role covering site " + siteB);
    }

    @Test
    void a_device_is_claimed_by_its_qr_payload() {
        ClaimCode code = StoreFixture.givenClaimCode();

        Response r = claim(installerA, siteA, code.qrPayload());

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().get("deviceId").asText()).isEqualTo(code.deviceId().value());
        assertThat(r.body().get("state").asText()).isEqualTo("PENDING_ENROLLMENT");
        assertThat(Instant.parse(r.body().get("claimExpiresAt").asText())).isEqualTo(clock.instant().plusSeconds(7 * 86400));
        assertThat(api.deviceStore().findPendingClaim(code.deviceId())).get()
                .satisfies(p -> assertThat(p.nonce()).isEqualTo(code.nonce()));
        Response device = client.get("/api/v1/devices/" + code.deviceId(), installerA);
        assertThat(device.body().get("siteId").asLong()).isEqualTo(siteA);
        assertThat(device.body().get("claimedBy").asText()).isEqualTo("inst-a");
    }

    @Test
    void a_device_is_claimed_by_its_typed_code_in_lower_case() {
        ClaimCode code = StoreFixture.givenClaimCode();

        Response r = claim(installerA, siteA, code.typed().toLowerCase());

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body().get("deviceId").asText()).isEqualTo(code.deviceId().value());
    }

    @Test
    void a_mistyped_code_is_refused_with_the_reason_and_audited() {
        String typed = StoreFixture.givenClaimCode().compact();
        char last = typed.charAt(typed.length() - 2);
        String typo = typed.substring(0, typed.length() - 2) + (last == '7' ? '8' : '7') + typed.charAt(typed.length() - 1);

        Response r = claim(installerA, siteA, typo);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("invalid_code");
        assertThat(r.detail()).contains("mistyped");
        Response audit = client.get("/api/v1/audit?limit=20", admin);
        assertThat(audit.body().get("items")).anySatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("inst-a");
            assertThat(e.get("outcome").asText()).isEqualTo("REFUSED");
            assertThat(e.get("detail").asText()).contains("mistyped");
        });
    }

    @Test
    void a_device_claimed_already_is_refused_with_409() {
        ClaimCode code = givenClaimed(siteA);

        Response r = claim(admin, siteB, code.qrPayload());

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error()).isEqualTo("already_claimed");
    }

    @Test
    void a_used_claim_nonce_is_refused() {
        ClaimCode code = givenClaimed(siteA);
        api.deviceStore().markEnrolled(code.deviceId(), code.nonce(), "0A01", clock.instant().plusSeconds(86400));
        assertThat(client.delete("/api/v1/devices/" + code.deviceId() + "/claim", installerA).status()).isEqualTo(200);

        Response r = claim(installerA, siteA, code.qrPayload());

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.detail()).startsWith("claim nonce already used");
    }

    @Test
    void unclaiming_revokes_the_certificate_and_tells_the_listener() {
        ClaimCode code = givenClaimed(siteA);
        DeviceStore devices = api.deviceStore();
        devices.markEnrolled(code.deviceId(), code.nonce(), "5EED01", clock.instant().plusSeconds(86400));

        Response r = client.delete("/api/v1/devices/" + code.deviceId() + "/claim", installerA);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("revokedSerial").asText()).isEqualTo("5EED01");
        assertThat(devices.isRevoked("5EED01")).isTrue();
        assertThat(events).contains("unclaimed " + code.deviceId() + " 5EED01");
        assertThat(client.get("/api/v1/devices/" + code.deviceId(), installerA).status()).isEqualTo(404);
    }

    @Test
    void an_admin_transfers_a_device_and_an_installer_may_not() {
        ClaimCode code = givenClaimed(siteA);
        String body = "{\"siteId\":" + siteB + "}";

        Response refused = client.post("/api/v1/devices/" + code.deviceId() + "/transfer", installerA, body);
        Response moved = client.post("/api/v1/devices/" + code.deviceId() + "/transfer", admin, body);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.body().get("siteId").asLong()).isEqualTo(siteB);
        assertThat(client.get("/api/v1/devices/" + code.deviceId(), installerA).status()).isEqualTo(403);
    }

    @Test
    void configuration_is_validated_versioned_and_announced() {
        ClaimCode code = givenClaimed(siteA);
        String path = "/api/v1/devices/" + code.deviceId() + "/configuration";

        Response first = client.put(path, installerA, "{\"name\":\"Front\",\"buttons\":{\"main\":{\"call\":\"sip:flat1@example.org\"}},"
                + "\"door\":{\"pulse\":\"2s\",\"dtmf-code\":\"1234\"},\"outputs\":{\"light\":{\"on\":[\"ringing\"]}}}");
        Response second = client.put(path, installerA, "{\"buttons\":{\"main\":{\"action\":\"open-door\"}}}");
        Response bad = client.put(path, installerA, "{\"door\":{\"pulse\":\"soon\"},\"colour\":1}");

        assertThat(first.body().get("desiredVersion").asLong()).isEqualTo(1);
        assertThat(second.body().get("desiredVersion").asLong()).isEqualTo(2);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.detail()).contains("door.pulse").contains("colour: unknown key");
        assertThat(events).contains("configured " + code.deviceId() + " v2");
        Response device = client.get("/api/v1/devices/" + code.deviceId(), viewer);
        assertThat(device.body().at("/desiredConfiguration/buttons/main/action").asText()).isEqualTo("open-door");
    }

    @Test
    void listings_show_only_what_the_caller_may_see() {
        ClaimCode inA = givenClaimed(siteA);
        ClaimCode inB = StoreFixture.givenClaimCode();
        created(claim(admin, siteB, inB.qrPayload()));
        created(client.post("/api/v1/companies", admin, "{\"name\":\"Other\"}"));

        Response mine = client.get("/api/v1/devices", installerA);
        Response bySite = client.get("/api/v1/devices?site=" + siteB, admin);
        Response companies = client.get("/api/v1/companies", installerA);
        Response sites = client.get("/api/v1/projects/" + projectId + "/sites", installerA);

        assertThat(mine.body().get("items")).extracting(d -> d.get("deviceId").asText())
                .contains(inA.deviceId().value()).doesNotContain(inB.deviceId().value());
        assertThat(bySite.body().get("items")).extracting(d -> d.get("deviceId").asText())
                .contains(inB.deviceId().value()).doesNotContain(inA.deviceId().value());
        assertThat(companies.body().get("items")).extracting(c -> c.get("name").asText()).containsExactly("Acme");
        assertThat(sites.body().get("items")).extracting(s -> s.get("id").asLong()).containsExactly(siteA);
    }

    @Test
    void only_a_system_admin_reads_the_audit_log() {
        assertThat(client.get("/api/v1/audit", installerA).status()).isEqualTo(403);
        Response r = client.get("/api/v1/audit?limit=5", admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("items").size()).isBetween(1, 5);
    }

    @Test
    void an_installer_may_not_create_users_or_grant_roles() {
        assertThat(client.post("/api/v1/users", installerA, "{\"username\":\"x\",\"password\":\"" + PASSWORD + "\"}")
                .status()).isEqualTo(403);
        assertThat(client.post("/api/v1/users/inst-a/roles", installerA,
                "{\"role\":\"ADMIN\",\"scopeType\":\"SITE\",\"scopeId\":" + siteA + "}").status()).isEqualTo(403);
    }

    @Test
    void a_body_over_64_kib_is_refused_with_413() {
        String big = "{\"code\":\"" + "A".repeat(70_000) + "\"}";

        Response r = client.post("/api/v1/sites/" + siteA + "/claims", installerA, big);

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.error()).isEqualTo("payload_too_large");
    }

    @Test
    void malformed_json_is_refused_with_its_position() {
        Response r = client.post("/api/v1/sites/" + siteA + "/claims", installerA, "{\"code\": \"x\",\n \"name\": }");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.detail()).startsWith("malformed JSON at line 2, column");
    }

    @Test
    void a_field_of_the_wrong_type_is_named_and_unknown_fields_are_ignored() {
        Response wrong = client.post("/api/v1/sites/" + siteA + "/claims", installerA, "{\"code\": 123}");
        Response badEnum = client.post("/api/v1/users/viewer/roles", admin,
                "{\"role\":\"BOSS\",\"scopeType\":\"SITE\",\"scopeId\":1}");
        ClaimCode code = StoreFixture.givenClaimCode();
        Response extra = client.post("/api/v1/sites/" + siteA + "/claims", installerA,
                "{\"code\":\"" + code.qrPayload() + "\",\"colour\":\"red\"}");

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.detail()).isEqualTo("field 'code' has the wrong type: expected a string");
        assertThat(badEnum.detail()).contains("field 'role'").contains("ADMIN, INSTALLER, OPERATOR, VIEWER");
        assertThat(extra.status()).isEqualTo(201);
    }

    @Test
    void unknown_paths_and_methods_are_404_and_405() {
        assertThat(client.get("/api/v1/nothing", admin).status()).isEqualTo(404);
        Response r = client.delete("/api/v1/companies", admin);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.error()).isEqualTo("method_not_allowed");
    }
}
