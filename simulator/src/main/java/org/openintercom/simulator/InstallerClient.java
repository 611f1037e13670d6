package org.openintercom.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What an installer's app does with the cloud's installer API: signs in, creates the company, project and
 * site, and claims devices from their QR payloads with the configuration they should run.
 */
public final class InstallerClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    private InstallerClient(URI api) {
        this.api = api;
    }

    /** Signs in as {@code user}. */
    public static InstallerClient signIn(URI api, String user, String password) {
        InstallerClient c = new InstallerClient(api);
        ObjectNode body = JSON.createObjectNode().put("username", user).put("password", password);
        c.token = c.call("POST", "/api/v1/session", body).path("token").asText();
        return c;
    }

    /** Creates company, project and site with these names; returns the site's id. */
    public long createSite(String company, String project, String site, String timeZone) {
        long companyId = call("POST", "/api/v1/companies", JSON.createObjectNode().put("name", company)).path("id").asLong();
        long projectId = call("POST", "/api/v1/companies/" + companyId + "/projects",
                JSON.createObjectNode().put("name", project)).path("id").asLong();
        return call("POST", "/api/v1/projects/" + projectId + "/sites",
                JSON.createObjectNode().put("name", site).put("timeZone", timeZone)).path("id").asLong();
    }

    /** Claims the device whose label shows {@code code} (QR payload or typed) into a site, pre-configured. */
    public JsonNode claim(long siteId, String code, String name, JsonNode configuration) {
        ObjectNode body = JSON.createObjectNode().put("code", code).put("name", name);
        body.set("configuration", configuration);
        return call("POST", "/api/v1/sites/" + siteId + "/claims", body);
    }

    /** How many devices of {@code siteId} the cloud currently shows online. */
    public int onlineCount(long siteId) {
        int online = 0;
        for (JsonNode d : call("GET", "/api/v1/devices?site=" + siteId, null).path("items")) {
            if (d.path("online").asBoolean()) {
                online++;
            }
        }
        return online;
    }

    /** Uploads a signed firmware bundle (an operator's step); returns the repository's record of it. */
    public JsonNode uploadFirmware(java.nio.file.Path bundle) {
        try {
            HttpRequest r = HttpRequest.newBuilder(api.resolve("/api/v1/firmware")).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/octet-stream").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofFile(bundle)).build();
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("upload of " + bundle.getFileName() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("upload of " + bundle + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public JsonNode device(String deviceId) {
        return call("GET", "/api/v1/devices/" + deviceId, null);
    }

    /**
     * Calls the API.
     *
     * @throws IllegalStateException with the API's error when the status is not 2xx
     */
    public JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
