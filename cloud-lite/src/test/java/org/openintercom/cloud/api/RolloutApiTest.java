package org.openintercom.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.api.ApiClient.Response;
import org.openintercom.cloud.auth.PasswordHasher;
import org.openintercom.cloud.firmware.FirmwareRelease;
import org.openintercom.cloud.rollout.InMemoryCatalog;
import org.openintercom.cloud.rollout.RecordingPublisher;
import org.openintercom.cloud.rollout.RolloutEngine;
import org.openintercom.cloud.rollout.RolloutService;
import org.openintercom.cloud.rollout.RolloutStore;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.cloud.store.MutableClock;
import org.openintercom.cloud.store.NewClaim;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.cloud.store.StoreFixture;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.DeviceId;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolloutApiTest {

    private static final String ADMIN_PASSWORD = "admin-secret-1";
    private static final String PASSWORD = "long-enough-1";
    private static final String MODEL = "OI-BF1";

    private final MutableClock clock = MutableClock.start();
    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final RecordingPublisher published = new RecordingPublisher();
    private TestDatabase db;
    private DeviceStore devices;
    private RolloutStore rolloutStore;
    private RolloutEngine engine;
    private ApiServer server;
    private ApiClient client;
    private String admin;
    private String operator;
    private String viewer;
    private long projectId;
    private long siteId;
    private FirmwareRelease v2;
    private final List<DeviceId> fleet = new ArrayList<>();

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        db = TestDatabase.h2();
        devices = new DeviceStore(db.database(), clock);
        OrganisationStore organisations = new OrganisationStore(db.database(), clock);
        AuditLog audit = new AuditLog(db.database(), clock);
        rolloutStore = new RolloutStore(db.database());
        engine = new RolloutEngine(rolloutStore, devices, organisations, catalog, published, audit, clock);
        CloudApi api = CloudApi.create(db.database(), CloudApiConfig.builder().dataDir(dataDir).clock(clock)
                .initialAdminPassword(ADMIN_PASSWORD).passwordIterations(PasswordHasher.MIN_ITERATIONS)
                .rollouts(new RolloutService(engine, devices, organisations, audit, clock)).build());
        server = ApiServer.start(ApiServerConfig.builder().port(0).build(), api);
        client = new ApiClient(server.baseUri());
        admin = client.signIn("admin", ADMIN_PASSWORD);
        long companyId = ok(201, client.post("/api/v1/companies", admin, "{\"name\":\"Acme\"}")).get("id").asLong();
        projectId = ok(201, client.post("/api/v1/companies/" + companyId + "/projects", admin,
                "{\"name\":\"Tower\"}")).get("id").asLong();
        siteId = ok(201, client.post("/api/v1/projects/" + projectId + "/sites", admin,
                "{\"name\":\"Entrance\",\"timeZone\":\"Europe/Zurich\"}")).get("id").asLong();
        operator = givenUser("operator", "OPERATOR");
        viewer = givenUser("viewer", "VIEWER");
        for (int i = 0; i < 4; i++) {
            fleet.add(givenDevice());
        }
        v2 = catalog.givenRelease("2.0.0", MODEL, false, 1);
    }

    @AfterAll
    void stopServer() {
        server.close();
        db.close();
    }

    private String givenUser(String name, String role) {
        ok(201, client.post("/api/v1/users", admin, "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}"));
        ok(201, client.post("/api/v1/users/" + name + "/roles", admin,
                "{\"role\":\"" + role + "\",\"scopeType\":\"PROJECT\",\"scopeId\":" + projectId + "}"));
        return client.signIn(name, PASSWORD);
    }

    private DeviceId givenDevice() {
        return givenDevice(siteId);
    }

    private DeviceId givenDevice(long site) {
        ClaimCode code = StoreFixture.givenClaimCode();
        devices.claim(new NewClaim(code, site, "door", null, "installer", clock.instant(),
                clock.instant().plus(Duration.ofDays(7))));
        devices.markEnrolled(code.deviceId(), code.nonce(), "0B01", clock.instant().plus(Duration.ofDays(365)));
        devices.recordModel(code.deviceId(), MODEL);
        rolloutStore.setRunningVersion(code.deviceId(), "1.0.0", clock.instant());
        return code.deviceId();
    }

    private static JsonNode ok(int status, Response r) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(status);
        return r.body();
    }

    private String rolloutJson(String bundleId, String waves) {
        return rolloutJson(bundleId, waves, siteId);
    }

    private String rolloutJson(String bundleId, String waves, long site) {
        return "{\"bundleId\":\"" + bundleId + "\",\"siteIds\":[" + site + "],\"waves\":" + waves
                + ",\"soakSeconds\":3600,\"abortRule\":{\"maxFailurePercent\":20}}";
    }

    private long givenSiteWithDevices(String name, int n) {
        long site = ok(201, client.post("/api/v1/projects/" + projectId + "/sites", admin,
                "{\"name\":\"" + name + "\",\"timeZone\":\"Europe/Zurich\"}")).get("id").asLong();
        for (int i = 0; i < n; i++) {
            givenDevice(site);
        }
        return site;
    }

    @Test
    void an_operator_runs_a_rollout_and_the_dashboard_shows_each_device_and_the_rollbacks() {
        long site = givenSiteWithDevices("Garage", 4);
        JsonNode created = ok(201, client.post("/api/v1/rollouts", operator, rolloutJson(v2.bundleId(), "[50,100]",
                site)));
        long id = created.get("rollout").get("id").asLong();
        assertThat(created.get("rollout").get("state").asText()).isEqualTo("RUNNING");
        assertThat(created.get("targets").asInt()).isEqualTo(4);
        assertThat(created.get("waves").get(0).get("size").asInt()).isEqualTo(2);
        List<DeviceId> wave1 = published.holding("r" + id + "-w1");
        engine.onProgress(wave1.get(0), UpdateProgress.of("r" + id + "-w1", "2.0.0", UpdateProgress.State.COMMITTED,
                100, "2.0.0", clock.instant()));
        engine.onProgress(wave1.get(1), UpdateProgress.ended("r" + id + "-w1", "2.0.0",
                UpdateProgress.State.ROLLED_BACK, "HEALTH_CHECK_FAILED", "sip not ready", "1.0.0", clock.instant()));

        JsonNode dashboard = ok(200, client.get("/api/v1/rollouts/" + id, viewer));

        assertThat(dashboard.get("rollout").get("state").asText()).isEqualTo("ABORTED");
        assertThat(dashboard.get("rollout").get("reason").asText()).startsWith("auto-abort");
        assertThat(dashboard.get("counts").get("ROLLED_BACK").asInt()).isEqualTo(1);
        assertThat(dashboard.get("successRate").asDouble()).isEqualTo(25.0);
        List<String> rolledBack = new ArrayList<>();
        dashboard.get("devices").forEach(d -> {
            if (d.get("state").asText().equals("ROLLED_BACK")) {
                rolledBack.add(d.get("deviceId").asText() + " " + d.get("reason").asText());
            }
        });
        assertThat(rolledBack).containsExactly(wave1.get(1).value() + " HEALTH_CHECK_FAILED");
        assertThat(ok(200, client.get("/api/v1/rollouts", viewer)).get("items")).isNotEmpty();
        assertThat(ok(409, client.post("/api/v1/rollouts/" + id + "/resume", operator, "")).get("detail").asText())
                .contains("ABORTED");
    }

    @Test
    void pause_resume_and_abort_change_the_state_and_viewers_may_not() {
        FirmwareRelease v3 = catalog.givenRelease("3.0.0", MODEL, false, 1);
        long site = givenSiteWithDevices("Courtyard", 0);
        List<DeviceId> more = List.of(givenDevice(site), givenDevice(site));
        long id = ok(201, client.post("/api/v1/rollouts", operator, "{\"bundleId\":\"" + v3.bundleId()
                + "\",\"siteIds\":[" + site + "],\"waves\":[100]}")).get("rollout").get("id").asLong();
        assertThat(more).allSatisfy(d -> assertThat(published.of(d)).isPresent());

        assertThat(ok(403, client.post("/api/v1/rollouts/" + id + "/pause", viewer, "")).get("error").asText())
                .isEqualTo("forbidden");
        assertThat(ok(200, client.post("/api/v1/rollouts/" + id + "/pause", operator, "{\"reason\":\"vendor call\"}"))
                .get("rollout").get("reason").asText()).isEqualTo("vendor call");
        assertThat(ok(409, client.post("/api/v1/rollouts/" + id + "/pause", operator, "")).get("detail").asText())
                .contains("PAUSED");
        assertThat(ok(200, client.post("/api/v1/rollouts/" + id + "/resume", operator, "")).get("rollout")
                .get("state").asText()).isEqualTo("RUNNING");
        assertThat(ok(200, client.post("/api/v1/rollouts/" + id + "/abort", operator, "")).get("rollout")
                .get("state").asText()).isEqualTo("ABORTED");
        ok(404, client.get("/api/v1/rollouts/99999", operator));
    }

    @Test
    void bad_rollouts_are_refused_naming_the_field() {
        assertThat(ok(400, client.post("/api/v1/rollouts", operator, rolloutJson(v2.bundleId(), "[50,40]")))
                .get("detail").asText()).contains("'waves'");
        assertThat(ok(400, client.post("/api/v1/rollouts", operator, rolloutJson("nope", "[100]")))
                .get("detail").asText()).contains("'bundleId'");
        assertThat(ok(404, client.post("/api/v1/rollouts", operator, rolloutJson("0".repeat(64), "[100]")))
                .get("detail").asText()).contains("'bundleId'");
        assertThat(ok(404, client.post("/api/v1/rollouts", operator, "{\"bundleId\":\"" + v2.bundleId()
                + "\",\"siteIds\":[424242],\"waves\":[100]}")).get("detail").asText()).contains("'siteIds'");
        assertThat(ok(400, client.post("/api/v1/rollouts", operator, "{\"bundleId\":\"" + v2.bundleId()
                + "\",\"waves\":\"all\"}")).get("detail").asText()).contains("waves");
        ok(403, client.post("/api/v1/rollouts", viewer, rolloutJson(v2.bundleId(), "[100]")));
        ok(403, client.post("/api/v1/rollouts", operator, "{\"bundleId\":\"" + v2.bundleId() + "\",\"waves\":[100]}"));
    }

    @Test
    void policies_windows_and_current_releases_are_set_and_read() {
        DeviceId device = fleet.get(0);
        String policyPath = "/api/v1/devices/" + device.value() + "/update-policy";
        assertThat(ok(200, client.get(policyPath, viewer)).get("policy").asText()).isEqualTo("ALL");
        assertThat(ok(200, client.put(policyPath, operator, "{\"policy\":\"MANUAL\"}")).get("policy").asText())
                .isEqualTo("MANUAL");
        assertThat(ok(400, client.put(policyPath, operator, "{\"policy\":\"SOMETIMES\"}")).get("detail").asText())
                .contains("policy");
        ok(403, client.put(policyPath, viewer, "{\"policy\":\"ALL\"}"));
        ok(404, client.get("/api/v1/devices/" + DeviceId.random().value() + "/update-policy", operator));
        ok(200, client.put(policyPath, operator, "{\"policy\":\"ALL\"}"));

        String windowPath = "/api/v1/sites/" + siteId + "/maintenance-window";
        ok(404, client.get(windowPath, viewer));
        JsonNode window = ok(200, client.put(windowPath, operator,
                "{\"start\":\"23:00\",\"end\":\"04:00\",\"days\":[\"SATURDAY\",\"SUNDAY\"]}"));
        assertThat(window.get("zone").asText()).isEqualTo("Europe/Zurich");
        assertThat(ok(200, client.get(windowPath, viewer)).get("days").toString()).isEqualTo("[\"SATURDAY\",\"SUNDAY\"]");
        assertThat(ok(400, client.put(windowPath, operator, "{\"start\":\"25:00\",\"end\":\"04:00\"}"))
                .get("detail").asText()).contains("'start'");
        assertThat(ok(400, client.put(windowPath, operator, "{\"start\":\"04:00\",\"end\":\"04:00\"}"))
                .get("detail").asText()).contains("empty");
        assertThat(client.delete(windowPath, operator).status()).isEqualTo(204);
        ok(404, client.delete(windowPath, operator));

        String current = "{\"model\":\"" + MODEL + "\",\"projectId\":" + projectId + ",\"bundleId\":\"" + v2.bundleId()
                + "\"}";
        ok(403, client.put("/api/v1/current-firmware", viewer, current));
        assertThat(ok(200, client.put("/api/v1/current-firmware", operator, current)).get("bundleId").asText())
                .isEqualTo(v2.bundleId());
        assertThat(ok(400, client.put("/api/v1/current-firmware", operator, current.replace(MODEL, "OI-MX2")))
                .get("detail").asText()).contains("'model'");
        assertThat(ok(200, client.get("/api/v1/current-firmware", viewer)).get("items")).hasSize(1);
    }

    @Test
    void a_manual_device_is_approved_through_the_api() {
        FirmwareRelease v4 = catalog.givenRelease("4.0.0", MODEL, false, 1);
        long site = givenSiteWithDevices("Back door", 0);
        DeviceId manual = givenDevice(site);
        ok(200, client.put("/api/v1/devices/" + manual.value() + "/update-policy", operator, "{\"policy\":\"MANUAL\"}"));
        JsonNode created = ok(201, client.post("/api/v1/rollouts", operator, "{\"bundleId\":\"" + v4.bundleId()
                + "\",\"siteIds\":[" + site + "],\"waves\":[100]}"));
        long id = created.get("rollout").get("id").asLong();
        assertThat(created.get("awaitingApproval").toString()).contains(manual.value());

        JsonNode approved = ok(200, client.post("/api/v1/rollouts/" + id + "/devices/" + manual.value() + "/approval",
                operator, ""));

        assertThat(approved.get("state").asText()).isEqualTo("ASSIGNED");
        assertThat(published.of(manual).orElseThrow().version()).isEqualTo("4.0.0");
        ok(409, client.post("/api/v1/rollouts/" + id + "/devices/" + manual.value() + "/approval", operator, ""));
        client.post("/api/v1/rollouts/" + id + "/abort", operator, "");
    }
}
