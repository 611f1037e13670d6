package org.openintercom.simulator.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openintercom.agent.config.ConfigException;
import org.openintercom.agent.config.ConfigLoader;
import org.openintercom.agent.config.Durations;
import org.openintercom.agent.config.StationConfig;

/**
 * Reads a scenario file (documented in docs/simulator.md). Each station is written exactly like a station
 * config file; the loader gives each one free SIP ports on loopback (where the port is left out or 0), a data
 * folder under the run folder, and replaces {@code ${ID.udp}}, {@code ${ID.tcp}}, {@code ${ID.tls}} with the
 * SIP URI of station ID on that transport, and {@code ${pki}} with the folder of the run's test certificates.
 */
public final class ScenarioLoader {

    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private final Path runDir;
    private final Optional<Path> pkiDir;
    private final FreePorts ports = new FreePorts();

    /** {@code runDir} holds the stations' data; {@code pkiDir}, if present, the test PKI for TLS stations. */
    public ScenarioLoader(Path runDir, Optional<Path> pkiDir) {
        this.runDir = runDir;
        this.pkiDir = pkiDir;
    }

    public Scenario parse(String yaml, Path base) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ScenarioException("the scenario is not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException("the scenario must be a YAML map with 'stations' and 'steps'");
        }
        String name = root.path("name").asText("scenario");
        JsonNode stationNodes = root.path("stations");
        if (!stationNodes.isArray() || stationNodes.isEmpty()) {
            throw new ScenarioException("'stations' must be a non-empty list of station configs");
        }
        Map<String, String> placeholders = new LinkedHashMap<>();
        pkiDir.ifPresent(dir -> placeholders.put("${pki}", dir.toString()));
        Optional<CloudPlan> cloud = cloud(root.path("cloud"));
        Map<String, CloudPlan.Claim> claims = new LinkedHashMap<>();
        List<ObjectNode> prepared = new ArrayList<>();
        int claimed = 0;
        for (JsonNode station : stationNodes) {
            claimed += station.has("claim") ? 1 : 0;
        }
        Duration poll = enrollmentPoll(claimed);
        for (int i = 0; i < stationNodes.size(); i++) {
            ObjectNode station = prepare(stationNodes.get(i), i, placeholders);
            claim(station, i, cloud, poll).ifPresent(c -> claims.put(station.path("station").path("id").asText(), c));
            prepared.add(station);
        }
        claims.replaceAll((id, c) -> new CloudPlan.Claim(c.site(), substitute("claim of " + id, c.configuration(),
                placeholders), c.hardwareRevision()));
        cloud = cloud.map(c -> new CloudPlan(c.apiPort(), c.deviceApiPort(), c.mqttPort(), c.dataDir(), c.factoryDir(),
                c.trust(), c.certificateValidity(), claims));
        List<StationConfig> stations = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            String text;
            try {
                text = YAML.writeValueAsString(prepared.get(i));
            } catch (JsonProcessingException e) {
                throw new ScenarioException("stations[" + i + "]: " + e.getOriginalMessage(), e);
            }
            for (Map.Entry<String, String> p : placeholders.entrySet()) {
                text = text.replace(p.getKey(), p.getValue());
            }
            if (text.contains("${")) {
                String unknown = text.substring(text.indexOf("${"), Math.min(text.length(), text.indexOf("}",
                        text.indexOf("${")) + 1));
                throw new ScenarioException("stations[" + i + "]: unknown placeholder " + unknown + "; known: "
                        + placeholders.keySet());
            }
            try {
                stations.add(ConfigLoader.parse(text, base));
            } catch (ConfigException e) {
                throw new ScenarioException("stations[" + i + "] (" + prepared.get(i).path("station").path("id")
                        .asText() + "): " + e.getMessage(), e);
            }
        }
        List<Step> steps = StepParser.parseAll(root.path("steps"), stations);
        return new Scenario(name, stations, steps, cloud);
    }

    private static JsonNode substitute(String where, JsonNode node, Map<String, String> placeholders) {
        try {
            String text = YAML.writeValueAsString(node);
            for (Map.Entry<String, String> p : placeholders.entrySet()) {
                text = text.replace(p.getKey(), p.getValue());
            }
            if (text.contains("${")) {
                throw new ScenarioException(where + ": unknown placeholder in " + text.strip() + "; known: "
                        + placeholders.keySet());
            }
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ScenarioException(where + ": " + e.getOriginalMessage(), e);
        }
    }

    /** {@code cloud: {}} at the top: cloud-lite embedded on free loopback ports, data in the run folder. */
    private Optional<CloudPlan> cloud(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new ScenarioException("'cloud' must be a map: write 'cloud: {}' to run cloud-lite embedded");
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!f.equals("certificate-validity")) {
                throw new ScenarioException("cloud: unknown key '" + f + "' (known: certificate-validity)");
            }
        });
        Duration validity = duration("cloud.certificate-validity", node.get("certificate-validity"),
                org.openintercom.provisioning.pki.CertificateAuthority.DEVICE_VALIDITY);
        return Optional.of(new CloudPlan(ports.next(), ports.next(), ports.next(), runDir.resolve("cloud"),
                runDir.resolve("factory"), runDir.resolve("cloud-root.pem"), validity, Map.of()));
    }

    /**
     * A station's {@code claim: {site: NAME, configuration: {...}}}: taken out of its config (it is what the
     * installer does, not the station's own setting); the station gets a {@code cloud:} section instead.
     */
    /**
     * How often an unclaimed station of the run asks the cloud whether it was claimed: every 500 ms in a small run
     * (a demo shows the claim at once), up to every 5 s (a real station's default) as the run grows. Polls of 200
     * stations at 500 ms kept two cores busy and slowed the claims they wait for.
     */
    static Duration enrollmentPoll(int claimedStations) {
        return Duration.ofMillis(Math.max(500, Math.min(5000, claimedStations * 25L)));
    }

    private static Optional<CloudPlan.Claim> claim(ObjectNode station, int index, Optional<CloudPlan> cloud,
            Duration poll) {
        JsonNode claim = station.remove("claim");
        if (claim == null) {
            return Optional.empty();
        }
        String where = "stations[" + index + "].claim";
        if (cloud.isEmpty()) {
            throw new ScenarioException(where + ": a claimed station needs 'cloud: {}' in the scenario");
        }
        if (!claim.isObject() || !claim.path("site").isTextual()) {
            throw new ScenarioException(where + ": needs 'site: <name>' and may have 'configuration: {...}'");
        }
        claim.fieldNames().forEachRemaining(f -> {
            if (!f.equals("site") && !f.equals("configuration") && !f.equals("hardware-revision")) {
                throw new ScenarioException(where + ": unknown key '" + f
                        + "' (known: site, configuration, hardware-revision)");
            }
        });
        CloudPlan plan = cloud.get();
        String id = station.path("station").path("id").asText();
        ObjectNode settings = station.putObject("cloud");
        settings.put("device-api", "https://127.0.0.1:" + plan.deviceApiPort());
        settings.put("trust", plan.trust().toString());
        settings.put("factory", plan.factoryOf(id).toString());
        settings.put("poll-interval", poll.toMillis() + "ms");
        settings.put("reconnect-min", "200ms");
        settings.put("reconnect-max", "5s");
        settings.put("firmware", org.openintercom.simulator.firmware.EmulatedImages.FACTORY_VERSION);
        // firmware updates from the scenario's cloud: A/B slots under the station's data folder (seeded with the
        // factory image when the station is made), bundles trusted under the cloud's release root
        ObjectNode update = settings.putObject("update");
        update.put("release-root", plan.releaseRoot().toString());
        update.put("health-deadline", "30s");
        update.put("retry-min", "200ms");
        update.put("retry-max", "2s");
        JsonNode configuration = claim.path("configuration");
        String revision = claim.path("hardware-revision").asText("A");
        if (!org.openintercom.provisioning.factory.DeviceInfo.isToken(revision)) {
            throw new ScenarioException(where + ".hardware-revision: '" + revision + "' is not a revision name");
        }
        return Optional.of(new CloudPlan.Claim(claim.path("site").asText(),
                configuration.isMissingNode() ? YAML.createObjectNode() : configuration, revision));
    }

    private ObjectNode prepare(JsonNode node, int index, Map<String, String> placeholders) {
        if (!node.isObject()) {
            throw new ScenarioException("stations[" + index + "] must be a station config (a map)");
        }
        ObjectNode station = ((ObjectNode) node).deepCopy();
        String id = station.path("station").path("id").asText("");
        if (id.isEmpty()) {
            throw new ScenarioException("stations[" + index + "]: station.id is required");
        }
        ObjectNode stationSection = (ObjectNode) station.get("station");
        if (!stationSection.has("data-dir")) {
            stationSection.put("data-dir", runDir.resolve(id).toString());
        }
        ObjectNode sip = station.has("sip") && station.get("sip").isObject() ? (ObjectNode) station.get("sip")
                : station.putObject("sip");
        String host = sip.path("bind-address").asText("127.0.0.1");
        String uriHost = host.contains(":") ? "[" + host + "]" : host;
        if (!sip.has("udp-port") || sip.path("udp-port").asInt(-1) == 0) {
            sip.put("udp-port", ports.next());
        }
        placeholders.put("${" + id + ".udp}", "sip:" + id + "@" + uriHost + ":" + sip.get("udp-port").asInt());
        for (String transport : List.of("tcp", "tls")) {
            String key = transport + "-port";
            if (sip.has(key)) {
                if (sip.path(key).asInt(-1) == 0) {
                    sip.put(key, ports.next());
                }
                placeholders.put("${" + id + "." + transport + "}", "sip:" + id + "@" + uriHost + ":"
                        + sip.get(key).asInt() + ";transport=" + transport);
            }
        }
        return station;
    }

    static Duration duration(String where, JsonNode node, Duration fallback) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        try {
            return Durations.parse(where, node.asText());
        } catch (ConfigException e) {
            throw new ScenarioException(e.getMessage());
        }
    }
}
