package org.openintercom.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.api.ApiClient.Response;
import org.openintercom.cloud.auth.PasswordHasher;
import org.openintercom.cloud.firmware.FirmwareFixture;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.ota.Bundle;
import org.openintercom.ota.BundleSigner;
import org.openintercom.ota.Releases;
import org.openintercom.ota.SigningAlgorithm;
import org.openintercom.ota.internal.BundleLayout;

/** The firmware endpoints of the installer API, through HTTP, with bundles made by the ota fixtures. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirmwareApiTest {

    private static final String ADMIN_PASSWORD = "admin-secret-1";
    private static final long MAX_BUNDLE = 512 << 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private FirmwareFixture fw;
    private ApiServer server;
    private ApiClient client;
    private String admin;
    private String operator;
    private String viewer;
    private final Set<String> inUse = ConcurrentHashMap.newKeySet();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) {
        this.dir = dir;
        fw = new FirmwareFixture(dir, TestDatabase.Kind.H2, MAX_BUNDLE);
        fw.repository.inUse(inUse::contains);
        CloudApi api = CloudApi.create(fw.testDb.database(), CloudApiConfig.builder().dataDir(dir)
                .initialAdminPassword(ADMIN_PASSWORD).passwordIterations(PasswordHasher.MIN_ITERATIONS)
                .firmware(fw.repository).build());
        server = ApiServer.start(ApiServerConfig.builder().port(0).build(), api);
        client = new ApiClient(server.baseUri());
        admin = client.signIn("admin", ADMIN_PASSWORD);
        operator = givenUser("operator", "OPERATOR");
        viewer = givenUser("viewer", "VIEWER");
    }

    @AfterAll
    void stop() {
        server.close();
        fw.close();
    }

    private String givenUser(String name, String role) {
        assertThat(client.post("/api/v1/users", admin, "{\"username\":\"" + name + "\",\"password\":\"long-enough-1\"}")
                .status()).isEqualTo(201);
        assertThat(client.post("/api/v1/users/" + name + "/roles", admin, "{\"role\":\"" + role
                + "\",\"scopeType\":\"SYSTEM\"}").status()).isEqualTo(201);
        return client.signIn(name, "long-enough-1");
    }

    private Response upload(Path bundle, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/firmware"))
                .header("Content-Type", "application/vnd.openintercom.bundle")
                .POST(HttpRequest.BodyPublishers.ofFile(bundle));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }

    private String lastAudit() {
        AuditEntry e = fw.audit.recent(1).get(0);
        return e.outcome() + " " + e.action() + " " + e.detail();
    }

    @Test
    void an_operator_uploads_a_signed_bundle_and_gets_its_record() throws Exception {
        Path bundle = fw.givenSignedBundle("2.1.0", 200_000);

        Response r = upload(bundle, operator);

        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
        JsonNode body = r.body();
        assertThat(body.get("bundleId").asText()).isEqualTo(sha256(bundle));
        assertThat(body.get("version").asText()).isEqualTo("2.1.0");
        assertThat(body.get("models")).hasSize(2);
        assertThat(body.get("bundleSize").asLong()).isEqualTo(Files.size(bundle));
        assertThat(body.get("signer").asText()).contains("release ed25519");
        assertThat(lastAudit()).startsWith("OK firmware-upload version 2.1.0");

        Response one = client.get("/api/v1/firmware/" + sha256(bundle), viewer);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("version").asText()).isEqualTo("2.1.0");
        assertThat(client.get("/api/v1/firmware", viewer).body().get("items").findValuesAsText("bundleId"))
                .contains(sha256(bundle));
    }

    @Test
    void uploading_the_same_bundle_again_answers_200_with_the_stored_record() throws Exception {
        Path bundle = fw.givenSignedBundle("2.2.0", 100_000);
        assertThat(upload(bundle, operator).status()).isEqualTo(201);

        Response again = upload(bundle, admin);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("bundleId").asText()).isEqualTo(sha256(bundle));
    }

    @Test
    void an_unsigned_bundle_is_refused_with_422_not_signed() throws Exception {
        Response r = upload(fw.givenBundle("2.3.0", 100_000, false), operator);

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("error").asText()).isEqualTo("bundle_refused");
        assertThat(r.body().get("reason").asText()).isEqualTo("NOT_SIGNED");
        assertThat(r.detail()).contains("is not signed");
        assertThat(lastAudit()).startsWith("REFUSED firmware-upload NOT_SIGNED");
    }

    @Test
    void a_manifest_changed_after_signing_is_refused_as_bad_signature() throws Exception {
        Path bundle = fw.givenSignedBundle("2.4.0", 100_000);
        String manifest = new String(Bundle.open(bundle).manifestBytes(), StandardCharsets.UTF_8);
        FirmwareFixture.overwrite(bundle, BundleLayout.manifestOffset() + manifest.indexOf("\"IM6\"") + 2,
                new byte[] {'7'});

        Response r = upload(bundle, operator);

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("reason").asText()).isEqualTo("BAD_SIGNATURE");
    }

    @Test
    void a_bundle_signed_under_another_release_root_is_refused_as_untrusted() throws Exception {
        Releases other = Releases.givenReleaseCa(dir.resolve("other"));
        Path bundle = fw.givenBundle("2.5.0", 100_000, false);
        Releases.Signer stranger = other.givenSigner(SigningAlgorithm.ECDSA_P256_SHA256);
        BundleSigner.sign(bundle, stranger.keys().getPrivate(), stranger.chain());

        Response r = upload(bundle, operator);

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("reason").asText()).isEqualTo("UNTRUSTED_SIGNER");
    }

    @Test
    void a_corrupted_payload_chunk_is_refused_as_payload_mismatch() throws Exception {
        Path bundle = fw.givenSignedBundle("2.6.0", 4L * Releases.CHUNK);
        FirmwareFixture.overwrite(bundle, Bundle.open(bundle).payloadOffset() + 2L * Releases.CHUNK + 7,
                new byte[] {1, 2, 3});

        Response r = upload(bundle, operator);

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("reason").asText()).isEqualTo("PAYLOAD_MISMATCH");
        assertThat(r.detail()).startsWith("chunk 2 ");
        assertThat(client.get("/api/v1/firmware/" + sha256(bundle), operator).status()).isEqualTo(404);
    }

    @Test
    void a_bundle_over_the_size_limit_is_refused_with_413() throws Exception {
        Response r = upload(fw.givenSignedBundle("2.7.0", MAX_BUNDLE + 1), operator);

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.error()).isEqualTo("payload_too_large");
    }

    @Test
    void a_viewer_may_list_but_not_upload_or_delete() throws Exception {
        Path bundle = fw.givenSignedBundle("2.8.0", 50_000);
        assertThat(upload(bundle, operator).status()).isEqualTo(201);

        assertThat(upload(bundle, viewer).status()).isEqualTo(403);
        assertThat(upload(bundle, null).status()).isEqualTo(401);
        assertThat(client.delete("/api/v1/firmware/" + sha256(bundle), viewer).status()).isEqualTo(403);
        assertThat(client.get("/api/v1/firmware", viewer).status()).isEqualTo(200);
    }

    @Test
    void a_bundle_in_use_is_not_deleted_and_an_unused_one_is() throws Exception {
        Path bundle = fw.givenSignedBundle("2.9.0", 50_000);
        String id = sha256(bundle);
        assertThat(upload(bundle, operator).status()).isEqualTo(201);
        inUse.add(id);

        assertThat(client.delete("/api/v1/firmware/" + id, operator).status()).isEqualTo(409);

        inUse.remove(id);
        assertThat(client.delete("/api/v1/firmware/" + id, operator).status()).isEqualTo(204);
        assertThat(client.get("/api/v1/firmware/" + id, operator).status()).isEqualTo(404);
        assertThat(fw.storage.size("bundles/" + id + ".oib")).isEmpty();
        assertThat(lastAudit()).startsWith("OK firmware-delete version 2.9.0");
        assertThat(client.delete("/api/v1/firmware/" + id, operator).status()).isEqualTo(404);
    }
}
