package org.openintercom.simulator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The installer API as the benchmark's installer app uses it: sign in, create a site, claim devices by QR payload. */
final class InstallerApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final HttpClient http;
    private String token;

    private InstallerApi(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    /** Signs in as {@code username} at the installer API {@code base}. */
    static InstallerApi signIn(URI base, String username, String password) {
        InstallerApi api = new InstallerApi(base);
        ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password);
        api.token = api.call("POST", "/api/v1/session", body).path("token").asText(null);
        if (api.token == null) {
            throw new IllegalStateException("sign-in at " + base + " returned no token");
        }
        return api;
    }

    /** Creates a company, a project and a site for the benchmark; returns the site id. */
    long createSite(String name) {
        long company = call("POST", "/api/v1/companies", JSON.createObjectNode().put("name", name + " company"))
                .path("id").asLong();
        long project = call("POST", "/api/v1/companies/" + company + "/projects",
                JSON.createObjectNode().put("name", name + " project")).path("id").asLong();
        return call("POST", "/api/v1/projects/" + project + "/sites", JSON.createObjectNode()
                .put("name", name + " site").put("timeZone", "Europe/Zurich")).path("id").asLong();
    }

    /** Claims the device with QR payload {@code qrPayload} for {@code siteId} (empty configuration). */
    void claim(long siteId, String qrPayload, String deviceName) {
        ObjectNode body = JSON.createObjectNode().put("code", qrPayload).put("name", deviceName);
        body.putObject("configuration");
        call("POST", "/api/v1/sites/" + siteId + "/claims", body);
    }

    /** How many devices of {@code siteId} the cloud currently shows online. */
    int onlineCount(long siteId) {
        int online = 0;
        for (JsonNode d : call("GET", "/api/v1/devices?site=" + siteId, null).path("items")) {
            if (d.path("online").asBoolean()) {
                online++;
            }
        }
        return online;
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json");
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        try {
            r.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
