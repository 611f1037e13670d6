package org.openintercom.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.api.ApiClient.Response;
import org.openintercom.cloud.auth.PasswordHasher;
import org.openintercom.cloud.calls.directory.CallDirectoryStore;
import org.openintercom.cloud.calls.directory.StationLookup;
import org.openintercom.cloud.calls.directory.StoredRoutingDirectory;
import org.openintercom.cloud.calls.directory.StoredSipAccounts;
import org.openintercom.cloud.calls.sip.SipAccount;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.cloud.store.MutableClock;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.cloud.store.Site;
import org.openintercom.cloud.store.TestDatabase;

/** SIP users, their rules and ring groups over HTTP: CRUD, 400 with field paths, 409, 403 and the audit log. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallDirectoryApiTest {

    private static final String ADMIN_PASSWORD = "admin-secret-1";
    private static final String PASSWORD = "long-enough-1";
    private static final String REALM = "relay.test";

    private final MutableClock clock = MutableClock.start();
    private TestDatabase db;
    private CallDirectoryStore store;
    private ApiServer server;
    private ApiClient client;
    private String admin;
    private String installer;
    private String viewer;
    private String operator;
    private String outsider;
    private Site tower;
    private Site villa;

    @BeforeAll
    void startServer(@TempDir Path dataDir) {
        db = TestDatabase.h2();
        store = new CallDirectoryStore(db.database(), clock, REALM, StationLookup.of(new DeviceStore(db.database(),
                clock)));
        CloudApi api = CloudApi.create(db.database(), CloudApiConfig.builder().dataDir(dataDir).clock(clock)
                .initialAdminPassword(ADMIN_PASSWORD).passwordIterations(PasswordHasher.MIN_ITERATIONS)
                .callDirectory(store).build());
        server = ApiServer.start(ApiServerConfig.builder().port(0).build(), api);
        client = new ApiClient(server.baseUri());
        admin = client.signIn("admin", ADMIN_PASSWORD);
        OrganisationStore organisations = new OrganisationStore(db.database(), clock);
        var acme = organisations.createCompany("Acme");
        var project = organisations.createProject(acme.id(), "Tower");
        tower = organisations.createSite(project.id(), "Entrance", ZoneId.of("Europe/Zurich"));
        villa = organisations.createSite(project.id(), "Garden", ZoneId.of("Europe/Zurich"));
        var other = organisations.createCompany("Other");
        installer = givenUser("inst", "INSTALLER", "SITE", tower.id());
        viewer = givenUser("viewer", "VIEWER", "PROJECT", project.id());
        operator = givenUser("operator", "OPERATOR", "SITE", tower.id());
        outsider = givenUser("outsider", "INSTALLER", "COMPANY", other.id());
    }

    @AfterAll
    void stopServer() {
        server.close();
        db.close();
    }

    private String givenUser(String name, String role, String scopeType, long scopeId) {
        ok(201, client.post("/api/v1/users", admin, "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                + "\"}"));
        ok(201, client.post("/api/v1/users/" + name + "/roles", admin,
                "{\"role\":\"" + role + "\",\"scopeType\":\"" + scopeType + "\",\"scopeId\":" + scopeId + "}"));
        return client.signIn(name, PASSWORD);
    }

    private static JsonNode ok(int status, Response r) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(status);
        return r.body();
    }

    private String users(Site site) {
        return "/api/v1/sites/" + site.id() + "/sip-users";
    }

    private String groups(Site site) {
        return "/api/v1/sites/" + site.id() + "/ring-groups";
    }

    private void givenSipUser(Site site, String name) {
        ok(201, client.post(users(site), installer, "{\"username\":\"" + name + "\",\"password\":\"pw-of-" + name
                + "\"}"));
    }

    private static String group(String id, String... members) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < members.length; i++) {
            list.add("{\"userId\":\"" + members[i] + "\",\"priority\":" + i + "}");
        }
        return "{\"id\":\"" + id + "\",\"strategy\":\"PARALLEL\",\"zone\":\"Europe/Zurich\",\"noAnswerSeconds\":30,"
                + "\"members\":[" + String.join(",", list) + "]}";
    }

    private List<JsonNode> audit(String target) {
        List<JsonNode> entries = new ArrayList<>();
        ok(200, client.get("/api/v1/audit?limit=1000", admin)).get("items").forEach(e -> {
            if (e.get("target").asText().equals(target)) {
                entries.add(e);
            }
        });
        return entries;
    }

    @Test
    void creates_shows_updates_and_deletes_a_sip_user_and_never_answers_its_password_or_hashes() {
        JsonNode created = ok(201, client.post(users(tower), installer,
                "{\"username\":\"alice\",\"displayName\":\"Alice Flat 12\",\"password\":\"first-secret\"}"));

        assertThat(created.get("username").asText()).isEqualTo("alice");
        assertThat(created.get("siteId").asLong()).isEqualTo(tower.id());
        assertThat(created.get("displayName").asText()).isEqualTo("Alice Flat 12");
        assertThat(created.get("realm").asText()).isEqualTo(REALM);
        assertThat(created.has("createdAt")).isTrue();
        assertThat(created.toString()).doesNotContain("first-secret", "ha1", "password",
                SipAccount.withPassword("alice", REALM, "first-secret").ha1Md5());
        assertThat(new StoredSipAccounts(store).find("alice"))
                .contains(SipAccount.withPassword("alice", REALM, "first-secret"));
        assertThat(ok(200, client.get(users(tower), viewer)).get("items")).extracting(u -> u.get("username").asText())
                .contains("alice");
        assertThat(ok(200, client.get(users(villa), viewer)).get("items")).isEmpty();

        JsonNode updated = ok(200, client.put(users(tower) + "/alice", installer,
                "{\"displayName\":\"Alice Flat 14\",\"password\":\"second-secret\"}"));
        assertThat(updated.get("displayName").asText()).isEqualTo("Alice Flat 14");
        assertThat(new StoredSipAccounts(store).find("alice"))
                .contains(SipAccount.withPassword("alice", REALM, "second-secret"));
        assertThat(ok(200, client.get(users(tower) + "/alice", viewer)).get("displayName").asText())
                .isEqualTo("Alice Flat 14");
        assertThat(client.get(users(villa) + "/alice", viewer).status()).isEqualTo(404);

        ok(204, client.delete(users(tower) + "/alice", installer));
        assertThat(client.get(users(tower) + "/alice", viewer).status()).isEqualTo(404);
        assertThat(new StoredSipAccounts(store).find("alice")).isEmpty();
        assertThat(audit("sip-user:alice")).extracting(e -> e.get("action").asText() + " " + e.get("outcome").asText())
                .containsExactly("sip-user-delete OK", "sip-user-update OK", "sip-user-create OK");
        assertThat(audit("sip-user:alice").toString()).doesNotContain("secret");
    }

    @Test
    void sets_shows_and_removes_a_users_forwarding_rules() {
        givenSipUser(tower, "bruno");
        givenSipUser(tower, "bruno-mobile");
        String rules = "{\"zone\":\"Europe/Zurich\",\"doNotDisturb\":false,\"rules\":["
                + "{\"kind\":\"NO_ANSWER\",\"noAnswerSeconds\":20,\"forwardTo\":{\"type\":\"USER\",\"value\":\"bruno-mobile\"}},"
                + "{\"kind\":\"BUSY\",\"forwardTo\":{\"type\":\"NUMBER\",\"value\":\"sip:voicemail@pbx.example\"}}]}";

        JsonNode set = ok(200, client.put(users(tower) + "/bruno/rules", installer, rules));

        assertThat(set.get("id").asText()).isEqualTo("bruno");
        assertThat(set.get("rules")).hasSize(2);
        assertThat(ok(200, client.get(users(tower) + "/bruno/rules", viewer))).isEqualTo(set);
        assertThat(ok(200, client.get(users(tower) + "/bruno", viewer)).get("rules")).isEqualTo(set);
        assertThat(new StoredRoutingDirectory(store).user("bruno").orElseThrow().rules()).hasSize(2);
        ok(409, client.delete(users(tower) + "/bruno-mobile", installer));

        ok(403, client.delete(users(tower) + "/bruno/rules", viewer));
        ok(204, client.delete(users(tower) + "/bruno/rules", installer));

        assertThat(client.get(users(tower) + "/bruno/rules", viewer).status()).isEqualTo(404);
        assertThat(ok(404, client.delete(users(tower) + "/bruno/rules", installer)).get("detail").asText())
                .isEqualTo("SIP user 'bruno' has no forwarding rules");
        assertThat(new StoredRoutingDirectory(store).user("bruno")).isEmpty();
        ok(204, client.delete(users(tower) + "/bruno-mobile", installer));
        assertThat(audit("sip-user:bruno")).extracting(e -> e.get("action").asText())
                .containsExactly("sip-user-rules-delete", "sip-user-rules-delete", "sip-user-rules-delete",
                        "sip-user-rules", "sip-user-create");
    }

    @Test
    void creates_shows_updates_and_deletes_a_ring_group() {
        givenSipUser(tower, "carla");
        givenSipUser(tower, "dario");

        JsonNode created = ok(201, client.post(groups(tower), installer, group("concierge", "carla", "dario")));

        assertThat(created.get("id").asText()).isEqualTo("concierge");
        assertThat(created.get("siteId").asLong()).isEqualTo(tower.id());
        assertThat(created.get("strategy").asText()).isEqualTo("PARALLEL");
        assertThat(created.get("members")).hasSize(2);
        assertThat(created.has("createdAt")).isTrue();
        assertThat(new StoredRoutingDirectory(store).group("concierge").orElseThrow().members()).hasSize(2);

        JsonNode read = ok(200, client.get(groups(tower) + "/concierge", viewer));
        assertThat(read).isEqualTo(created);
        // what GET answers can be PUT back (unknown fields are ignored); the id may be left out
        String changed = read.toString().replace("\"noAnswerSeconds\":30", "\"noAnswerSeconds\":45")
                .replace("\"id\":\"concierge\",", "");
        JsonNode updated = ok(200, client.put(groups(tower) + "/concierge", installer, changed));
        assertThat(updated.get("noAnswerSeconds").asInt()).isEqualTo(45);
        assertThat(new StoredRoutingDirectory(store).group("concierge").orElseThrow().noAnswerSeconds()).isEqualTo(45);
        assertThat(ok(200, client.get(groups(tower), viewer)).get("items")).extracting(g -> g.get("id").asText())
                .contains("concierge");
        assertThat(client.get(groups(villa) + "/concierge", viewer).status()).isEqualTo(404);
        assertThat(ok(400, client.put(groups(tower) + "/concierge", installer, group("renamed", "carla")))
                .get("detail").asText()).contains("id: must be 'concierge'");

        ok(204, client.delete(groups(tower) + "/concierge", installer));

        assertThat(client.get(groups(tower) + "/concierge", viewer).status()).isEqualTo(404);
        assertThat(new StoredRoutingDirectory(store).group("concierge")).isEmpty();
        assertThat(audit("ring-group:concierge")).extracting(e -> e.get("action").asText())
                .containsExactly("ring-group-delete", "ring-group-update", "ring-group-create");
    }

    @Test
    void invalid_requests_are_400_with_every_problem_named_by_its_field_path() {
        givenSipUser(tower, "emil");
        String badGroup = "{\"id\":\"bad-group\",\"strategy\":\"PRIORITY\",\"advanceSeconds\":4,"
                + "\"members\":[{\"userId\":\"emil\",\"priority\":-1},{\"userId\":\"nobody\",\"priority\":1}],"
                + "\"whenClosed\":{\"kind\":\"FORWARD\"}}";

        Response group = client.post(groups(tower), installer, badGroup);
        Response user = client.post(users(tower), installer,
                "{\"username\":\"has space\",\"password\":\"short-7\"}");
        Response rules = client.put(users(tower) + "/emil/rules", installer, "{\"zone\":\"Europe/Zurich\",\"rules\":"
                + "[{\"kind\":\"NO_ANSWER\",\"noAnswerSeconds\":95,\"forwardTo\":{\"type\":\"NUMBER\",\"value\":\"x\"}}]}");
        Response wrongType = client.post(groups(tower), installer, "{\"id\":\"g\",\"strategy\":\"SOMETIMES\"}");

        assertThat(group.status()).isEqualTo(400);
        assertThat(group.detail()).isEqualTo("ring group 'bad-group' is invalid: zone: required (e.g. Europe/Berlin);"
                + " members[0].priority: must be >= 0, got -1; advanceSeconds: must be 5..120, got 4;"
                + " whenClosed.forwardTo: required for FORWARD;"
                + " members[1].userId: no SIP user or station 'nobody' at site " + tower.id());
        assertThat(user.status()).isEqualTo(400);
        assertThat(user.detail()).contains("username: 'has space' is not a valid SIP user name",
                "password: at least 8 characters").doesNotContain("short-7");
        assertThat(rules.status()).isEqualTo(400);
        assertThat(rules.detail()).isEqualTo("user 'emil' is invalid: rules[0].forwardTo.value: 'x' is not a sip:,"
                + " sips: or tel: URI; rules[0].noAnswerSeconds: must be 10..90, got 95");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.detail()).startsWith("field 'strategy' has the wrong type: expected one of PARALLEL");
        assertThat(ok(400, client.post(groups(tower), installer, group("ok-group", "emil", "nobody"))).get("detail")
                .asText()).isEqualTo("ring group 'ok-group' is invalid: members[1].userId: no SIP user or station"
                        + " 'nobody' at site " + tower.id());
        assertThat(audit("sip-user:has space")).extracting(e -> e.get("outcome").asText()).containsExactly("REFUSED");
        assertThat(audit("sip-user:has space").toString()).doesNotContain("short-7");
    }

    @Test
    void a_name_clash_or_a_delete_of_something_in_use_is_409() {
        givenSipUser(tower, "fritz");
        ok(201, client.post(groups(tower), installer, group("front-desk", "fritz")));

        Response userLikeGroup = client.post(users(villa), admin, "{\"username\":\"front-desk\",\"password\":\"pw-long-enough\"}");
        Response groupLikeUser = client.post(groups(villa), admin, group("fritz"));
        Response sameUser = client.post(users(tower), installer, "{\"username\":\"fritz\",\"password\":\"pw-long-enough\"}");
        Response inUse = client.delete(users(tower) + "/fritz", installer);

        assertThat(List.of(userLikeGroup.status(), groupLikeUser.status(), sameUser.status(), inUse.status()))
                .containsOnly(409);
        assertThat(userLikeGroup.error()).isEqualTo("conflict");
        assertThat(groupLikeUser.detail()).isEqualTo("the name 'fritz' is already a SIP user or ring group of the relay");
        assertThat(inUse.detail()).isEqualTo("SIP user 'fritz' is still used by group 'front-desk' (members[0])");
        assertThat(new StoredSipAccounts(store).find("fritz")).isPresent();
    }

    @Test
    void reading_needs_a_role_at_the_site_and_changing_needs_installer_or_admin() {
        givenSipUser(tower, "gina");

        assertThat(client.get(users(tower), operator).status()).isEqualTo(200);
        assertThat(client.get(groups(tower), viewer).status()).isEqualTo(200);
        Response outsiderRead = client.get(users(tower) + "/gina", outsider);
        Response viewerWrite = client.post(users(tower), viewer, "{\"username\":\"hugo\",\"password\":\"pw-long-enough\"}");
        Response operatorWrite = client.put(users(tower) + "/gina", operator, "{\"password\":\"pw-long-enough\"}");
        Response installerElsewhere = client.post(groups(villa), installer, group("villa-desk"));
        Response noToken = client.get(users(tower), null);

        assertThat(outsiderRead.status()).isEqualTo(403);
        assertThat(outsiderRead.detail()).isEqualTo("outsider has no role covering site " + tower.id());
        assertThat(viewerWrite.status()).isEqualTo(403);
        assertThat(viewerWrite.detail()).contains("which does not allow claiming or configuring");
        assertThat(operatorWrite.status()).isEqualTo(403);
        assertThat(installerElsewhere.status()).isEqualTo(403);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(client.get("/api/v1/sites/424242/sip-users", admin).status()).isEqualTo(404);
        assertThat(new StoredSipAccounts(store).find("hugo")).isEmpty();
        assertThat(audit("sip-user:hugo")).extracting(e -> e.get("actor").asText() + " " + e.get("outcome").asText())
                .containsExactly("viewer REFUSED");
        assertThat(audit("sip-user:gina")).extracting(e -> e.get("action").asText() + " " + e.get("outcome").asText())
                .containsExactly("sip-user-update REFUSED", "sip-user-create OK");
    }
}
