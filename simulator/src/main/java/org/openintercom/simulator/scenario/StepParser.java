package org.openintercom.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.openintercom.agent.config.StationConfig;

/** Turns the {@code steps} list of a scenario into {@link Step}s, checking station and button names. */
final class StepParser {

    private static final Duration DEFAULT_WITHIN = Duration.ofSeconds(5);
    private static final Set<String> STATES = Set.of("idle", "calling", "ringing", "early_media", "incoming",
            "connected");
    private static final Set<String> LINK_MODES = Set.of("CLOUD", "MESH", "STANDALONE");

    private final Map<String, StationConfig> stations;
    private int index;

    private StepParser(List<StationConfig> stations) {
        this.stations = stations.stream().collect(Collectors.toMap(StationConfig::id, s -> s));
    }

    static List<Step> parseAll(JsonNode steps, List<StationConfig> stations) {
        if (!steps.isArray()) {
            throw new ScenarioException("'steps' must be a list");
        }
        StepParser parser = new StepParser(stations);
        List<Step> out = new ArrayList<>();
        for (JsonNode step : steps) {
            parser.index++;
            out.add(parser.parse(step));
        }
        return out;
    }

    /**
     * Parses one interactive command ("press frontdoor/call", "dtmf hall 1234", "expect hall connected",
     * "door-contact frontdoor open", "wait 2s") into a step.
     */
    static Step parseLine(String line, List<StationConfig> stations) {
        String[] w = line.trim().split("\\s+");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        switch (w[0]) {
            case "dtmf" -> json.putObject("dtmf").put("station", arg(w, 1)).put("digits", arg(w, 2));
            case "expect" -> json.putObject("expect").put("station", arg(w, 1)).put("state", arg(w, 2));
            case "door-contact" -> json.putObject("door-contact").put("station", arg(w, 1))
                    .put("open", !arg(w, 2).equals("close"));
            case "expect-audio" -> json.putObject("expect-audio").put("station", arg(w, 1))
                    .put("frequency", Integer.parseInt(arg(w, 2)));
            case "stop-cloud", "start-cloud" -> json.putObject(w[0]);
            case "expect-link-mode" -> json.putObject("expect-link-mode").put("station", arg(w, 1))
                    .put("mode", arg(w, 2));
            default -> json.put(w[0], arg(w, 1));
        }
        StepParser parser = new StepParser(stations);
        return parser.parse(json);
    }

    private static String arg(String[] words, int i) {
        if (words.length <= i) {
            throw new ScenarioException("'" + words[0] + "' needs more arguments, e.g. press frontdoor/call, "
                    + "dtmf hall 1234, expect hall connected, door-contact frontdoor open");
        }
        return words[i];
    }

    private Step parse(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            throw error("must be a map with exactly one key (press, answer, expect, ...)");
        }
        String kind = node.fieldNames().next();
        JsonNode v = node.get(kind);
        return switch (kind) {
            case "press", "long-press" -> {
                String[] parts = v.asText().split("/", 2);
                if (parts.length != 2) {
                    throw error(kind + " takes station/button, e.g. frontdoor/call");
                }
                StationConfig s = station(parts[0]);
                if (!s.model().buttons().contains(parts[1])) {
                    throw error("model " + s.model().id() + " of " + s.id() + " has no button '" + parts[1]
                            + "'; it has " + s.model().buttons());
                }
                yield new Step.Press(s.id(), parts[1], kind.equals("long-press"));
            }
            case "answer" -> new Step.Answer(station(v.asText()).id());
            case "hangup" -> new Step.Hangup(station(v.asText()).id());
            case "open-door" -> new Step.OpenDoor(station(v.asText()).id());
            case "wait" -> new Step.Wait(ScenarioLoader.duration(where(), v, Duration.ofSeconds(1)));
            case "dtmf" -> new Step.Dtmf(station(text(v, "station")).id(), text(v, "digits"));
            case "door-contact" -> new Step.DoorContact(station(text(v, "station")).id(),
                    v.path("open").asBoolean(true));
            case "expect" -> {
                String state = text(v, "state").toLowerCase(java.util.Locale.ROOT).replace('-', '_');
                if (!STATES.contains(state)) {
                    throw error("state '" + state + "' is not one of " + STATES);
                }
                yield new Step.ExpectState(station(text(v, "station")).id(), state, within(v));
            }
            case "expect-event" -> new Step.ExpectEvent(station(text(v, "station")).id(), text(v, "event"),
                    Optional.ofNullable(v.get("detail")).map(JsonNode::asText), within(v));
            case "expect-audio" -> new Step.ExpectAudio(station(text(v, "station")).id(),
                    v.path("frequency").asInt(0), v.path("tolerance").asInt(25));
            case "expect-relay" -> {
                int pulses = v.path("pulses").asInt(1);
                if (pulses < 1) {
                    throw error("pulses must be at least 1, not " + v.path("pulses").asText());
                }
                yield new Step.ExpectRelay(station(text(v, "station")).id(), v.path("relay").asText("door"), pulses,
                        within(v));
            }
            case "release" -> new Step.Release(text(v, "version"), list(v, "models"),
                    v.path("security-version").asInt(1), list(v, "bad-on"));
            case "rollout" -> new Step.Rollout(text(v, "version"), list(v, "waves").stream().map(w -> {
                try {
                    return Integer.parseInt(w);
                } catch (NumberFormatException e) {
                    throw error("waves are percentages, e.g. [10, 50, 100], not '" + w + "'");
                }
            }).toList(), ScenarioLoader.duration(where() + ".soak", v.get("soak"), Duration.ofSeconds(1)),
                    v.has("max-failure-percent") ? Optional.of(v.path("max-failure-percent").asInt())
                            : Optional.empty());
            case "expect-firmware" -> new Step.ExpectFirmware(station(text(v, "station")).id(), text(v, "version"),
                    ScenarioLoader.duration(where() + ".within", v.get("within"), Duration.ofSeconds(120)));
            case "ring-group" -> {
                List<String> members = list(v, "members");
                if (members.isEmpty()) {
                    throw error("a ring group needs 'members: [station, ...]'");
                }
                members.forEach(this::station);
                String strategy = v.path("strategy").asText("parallel").toUpperCase(java.util.Locale.ROOT)
                        .replace('-', '_');
                if (!List.of("PARALLEL", "PRIORITY", "LEAST_CALLED", "RANDOM").contains(strategy)) {
                    throw error("strategy must be parallel, priority, least-called or random, not '"
                            + v.path("strategy").asText() + "'");
                }
                yield new Step.RingGroup(text(v, "id"), text(v, "site"), strategy, members,
                        ScenarioLoader.duration(where() + ".advance", v.get("advance"), Duration.ofSeconds(20)));
            }
            case "expect-registered" -> new Step.ExpectRegistered(station(text(v, "station")).id(),
                    ScenarioLoader.duration(where() + ".within", v.get("within"), Duration.ofSeconds(30)));
            case "expect-call-record" -> new Step.ExpectCallRecord(station(text(v, "station")).id(),
                    text(v, "status").toUpperCase(java.util.Locale.ROOT),
                    Optional.ofNullable(v.get("answered-by")).map(a -> station(a.asText()).id()),
                    ScenarioLoader.duration(where() + ".within", v.get("within"), Duration.ofSeconds(10)));
            case "stop-cloud" -> new Step.StopCloud();
            case "start-cloud" -> new Step.StartCloud();
            case "expect-link-mode" -> {
                String mode = text(v, "mode").toUpperCase(java.util.Locale.ROOT);
                if (!LINK_MODES.contains(mode)) {
                    throw error("mode '" + v.path("mode").asText() + "' is not one of cloud, mesh, standalone");
                }
                yield new Step.ExpectLinkMode(station(text(v, "station")).id(), mode,
                        ScenarioLoader.duration(where() + ".within", v.get("within"), Duration.ofSeconds(30)));
            }
            case "expect-connected" -> new Step.ExpectConnected(station(text(v, "station")).id(),
                    ScenarioLoader.duration(where() + ".within", v.get("within"), Duration.ofSeconds(30)));
            case "expect-mesh-peers" -> {
                List<String> peers = list(v, "peers");
                if (peers.isEmpty()) {
                    throw error("needs 'peers: [station, ...]'");
                }
                peers.forEach(this::station);
                yield new Step.ExpectMeshPeers(station(text(v, "station")).id(), peers,
                        ScenarioLoader.duration(where() + ".within", v.get("within"), Duration.ofSeconds(30)));
            }
            case "expect-fallback-plan" -> {
                List<String> targets = list(v, "targets");
                targets.forEach(this::station);
                yield new Step.ExpectFallbackPlan(station(text(v, "station")).id(), text(v, "button"), targets,
                        ScenarioLoader.duration(where() + ".within", v.get("within"), Duration.ofSeconds(10)));
            }
            case "expect-offline-call-record" -> new Step.ExpectOfflineCallRecord(station(text(v, "station")).id(),
                    text(v, "status").toUpperCase(java.util.Locale.ROOT),
                    Optional.ofNullable(v.get("answered-by")).map(a -> station(a.asText()).id()),
                    ScenarioLoader.duration(where() + ".within", v.get("within"), Duration.ofSeconds(30)));
            default -> throw error("unknown step '" + kind + "'; steps are press, long-press, answer, hangup, dtmf, "
                    + "open-door, door-contact, wait, expect, expect-event, expect-audio, expect-relay, release, "
                    + "rollout, expect-firmware, ring-group, expect-registered, expect-call-record, stop-cloud, "
                    + "start-cloud, expect-link-mode, expect-connected, expect-mesh-peers, expect-fallback-plan, "
                    + "expect-offline-call-record");
        };
    }

    /** A list of scalars ({@code [a, b]}); empty when absent. */
    private List<String> list(JsonNode v, String key) {
        JsonNode n = v.get(key);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw error("'" + key + "' must be a list, e.g. [ID5, IM6]");
        }
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

    private Duration within(JsonNode v) {
        return ScenarioLoader.duration(where() + ".within", v.get("within"), DEFAULT_WITHIN);
    }

    private String text(JsonNode v, String key) {
        String value = v.path(key).asText("");
        if (value.isEmpty()) {
            throw error("needs '" + key + "'");
        }
        return value;
    }

    private StationConfig station(String id) {
        StationConfig s = stations.get(id);
        if (s == null) {
            throw error("no station '" + id + "'; stations are " + stations.keySet());
        }
        return s;
    }

    private String where() {
        return "steps[" + index + "]";
    }

    private ScenarioException error(String message) {
        return new ScenarioException(where() + ": " + message);
    }
}
