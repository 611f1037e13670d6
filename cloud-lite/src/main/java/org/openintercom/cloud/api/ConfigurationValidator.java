package org.openintercom.cloud.api;

import org.openintercom.provisioning.channel.ChannelFormatException;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.DeviceConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a station's desired configuration (top-level keys {@code name}, {@code buttons}, {@code door},
 * {@code outputs}) and names the path of every unknown key or bad value.
 */
public final class ConfigurationValidator {

    private static final Set<String> TOP_LEVEL = Set.of("name", "buttons", "door", "outputs");
    private static final Set<String> BUTTON_KINDS = Set.of("call", "ring", "action", "send-dtmf");
    private static final Set<String> ACTIONS = Set.of("answer", "hangup", "open-door");
    private static final Set<String> DOOR_KEYS = Set.of("pulse", "dtmf-code");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern DTMF = Pattern.compile("[0-9*#A-D]{1,32}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,5})(ms|s)");
    private static final Pattern STATE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final long MAX_PULSE_MS = 60_000;

    /** The problems in {@code config}, each naming its path; empty if the configuration is valid. */
    public List<String> problems(JsonNode config) {
        List<String> problems = new ArrayList<>();
        if (config == null || !config.isObject()) {
            problems.add("configuration must be a JSON object");
            return problems;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext();) {
            var field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "name" -> checkName(value, problems);
                case "buttons" -> checkButtons(value, problems);
                case "door" -> checkDoor(value, problems);
                case "outputs" -> checkOutputs(value, problems);
                default -> problems.add(key + ": unknown key (known: " + String.join(", ", sorted(TOP_LEVEL)) + ")");
            }
        }
        if (problems.isEmpty()) {
            // what is stored must read as the device-channel record the stations receive
            try {
                ChannelJson.decode(config.toString(), DeviceConfiguration.class);
            } catch (ChannelFormatException e) {
                problems.add(e.getMessage().replaceFirst("^DeviceConfiguration ", ""));
            }
        }
        return problems;
    }

    private static void checkName(JsonNode value, List<String> problems) {
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > 64) {
            problems.add("name: must be a non-empty string of at most 64 characters");
        }
    }

    private static void checkButtons(JsonNode buttons, List<String> problems) {
        if (!buttons.isObject()) {
            problems.add("buttons: must be an object of button name to action");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = buttons.fields(); it.hasNext();) {
            var button = it.next();
            String path = "buttons." + button.getKey();
            checkIdentifier(path, button.getKey(), problems);
            JsonNode spec = button.getValue();
            if (!spec.isObject() || spec.size() != 1) {
                problems.add(path + ": must be an object with exactly one of call, ring, action, send-dtmf");
                continue;
            }
            String kind = spec.fieldNames().next();
            JsonNode value = spec.get(kind);
            switch (kind) {
                case "call" -> checkCallUri(path + ".call", value, problems);
                case "ring" -> {
                    if (!value.isTextual() || !DeviceConfiguration.RING_NAME.matcher(value.asText()).matches()) {
                        problems.add(path + ".ring: must name a ring group, SIP user or station on the call relay"
                                + " (1-64 letters, digits, '-', '_' or '.')");
                    }
                }
                case "action" -> {
                    if (!value.isTextual() || !ACTIONS.contains(value.asText())) {
                        problems.add(path + ".action: must be one of " + String.join(", ", sorted(ACTIONS)));
                    }
                }
                case "send-dtmf" -> checkDtmf(path + ".send-dtmf", value, problems);
                default -> problems.add(path + "." + kind + ": unknown key (known: "
                        + String.join(", ", sorted(BUTTON_KINDS)) + ")");
            }
        }
    }

    private static void checkCallUri(String path, JsonNode value, List<String> problems) {
        if (!value.isTextual()) {
            problems.add(path + ": must be a URI string such as sip:flat12@example.org");
            return;
        }
        try {
            URI uri = new URI(value.asText());
            String scheme = uri.getScheme();
            if (scheme == null || !Set.of("sip", "sips", "tel").contains(scheme.toLowerCase())
                    || uri.getSchemeSpecificPart() == null || uri.getSchemeSpecificPart().isBlank()) {
                problems.add(path + ": '" + value.asText() + "' must be a sip:, sips: or tel: URI");
            }
        } catch (URISyntaxException e) {
            problems.add(path + ": '" + value.asText() + "' is not a URI (" + e.getReason() + ")");
        }
    }

    private static void checkDtmf(String path, JsonNode value, List<String> problems) {
        if (!value.isTextual() || !DTMF.matcher(value.asText()).matches()) {
            problems.add(path + ": must be 1 to 32 DTMF digits (0-9, *, #, A-D)");
        }
    }

    private static void checkDoor(JsonNode door, List<String> problems) {
        if (!door.isObject()) {
            problems.add("door: must be an object with pulse and dtmf-code");
            return;
        }
        for (Iterator<String> it = door.fieldNames(); it.hasNext();) {
            String key = it.next();
            JsonNode value = door.get(key);
            switch (key) {
                case "pulse" -> {
                    var m = value.isTextual() ? DURATION.matcher(value.asText()) : null;
                    if (m == null || !m.matches()) {
                        problems.add("door.pulse: must be a duration such as \"2s\" or \"500ms\"");
                    } else {
                        long ms = Long.parseLong(m.group(1)) * (m.group(2).equals("s") ? 1000 : 1);
                        if (ms < 1 || ms > MAX_PULSE_MS) {
                            problems.add("door.pulse: " + value.asText() + " is outside 1ms..60s");
                        }
                    }
                }
                case "dtmf-code" -> checkDtmf("door.dtmf-code", value, problems);
                default -> problems.add("door." + key + ": unknown key (known: "
                        + String.join(", ", sorted(DOOR_KEYS)) + ")");
            }
        }
    }

    private static void checkOutputs(JsonNode outputs, List<String> problems) {
        if (!outputs.isObject()) {
            problems.add("outputs: must be an object of output name to {\"on\": [states]}");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = outputs.fields(); it.hasNext();) {
            var output = it.next();
            String path = "outputs." + output.getKey();
            checkIdentifier(path, output.getKey(), problems);
            JsonNode spec = output.getValue();
            if (!spec.isObject()) {
                problems.add(path + ": must be an object {\"on\": [states]}");
                continue;
            }
            for (Iterator<String> keys = spec.fieldNames(); keys.hasNext();) {
                String key = keys.next();
                if (!key.equals("on")) {
                    problems.add(path + "." + key + ": unknown key (known: on)");
                }
            }
            JsonNode on = spec.get("on");
            if (on == null || !on.isArray()) {
                problems.add(path + ".on: must be an array of state names");
                continue;
            }
            for (int i = 0; i < on.size(); i++) {
                JsonNode state = on.get(i);
                if (!state.isTextual() || !STATE.matcher(state.asText()).matches()) {
                    problems.add(path + ".on[" + i + "]: must be a state name such as \"ringing\" or \"door-open\"");
                }
            }
        }
    }

    private static void checkIdentifier(String path, String name, List<String> problems) {
        if (!IDENTIFIER.matcher(name).matches()) {
            problems.add(path + ": the name must be 1 to 32 letters, digits, '_' or '-'");
        }
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
