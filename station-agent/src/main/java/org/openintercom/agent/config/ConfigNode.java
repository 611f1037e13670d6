package org.openintercom.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A section of the YAML config that knows its dotted path, so every error can name the key it is about. */
final class ConfigNode {

    private final String path;
    private final JsonNode node;

    ConfigNode(String path, JsonNode node) {
        this.path = path;
        this.node = node == null ? MissingNode.getInstance() : node;
        if (!this.node.isMissingNode() && !this.node.isNull() && !this.node.isObject()) {
            throw new ConfigException(path, "must be a section (key: value lines), not '" + this.node.asText() + "'");
        }
    }

    String path() {
        return path;
    }

    boolean present() {
        return node.isObject();
    }

    private String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    ConfigNode child(String name) {
        return new ConfigNode(key(name), node.get(name));
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** Refuses keys this section does not know: a typo must not be silently ignored. */
    void rejectUnknown(String... known) {
        Set<String> allowed = Set.of(known);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ConfigException(key(name), "unknown key; known keys here are " + new TreeSet<>(allowed));
            }
        }
    }

    private Optional<JsonNode> scalar(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isContainerNode()) {
            throw new ConfigException(key(name), "must be a single value, not a section or list");
        }
        return Optional.of(v);
    }

    Optional<String> string(String name) {
        return scalar(name).map(JsonNode::asText);
    }

    String string(String name, String fallback) {
        return string(name).orElse(fallback);
    }

    String requiredString(String name) {
        String value = string(name).orElse("");
        if (value.isBlank()) {
            throw new ConfigException(key(name), "is required");
        }
        return value;
    }

    Optional<Integer> integer(String name) {
        return scalar(name).map(v -> {
            if (!v.isIntegralNumber() && !(v.isTextual() && v.asText().trim().matches("-?\\d{1,9}"))) {
                throw new ConfigException(key(name), "'" + v.asText() + "' is not a whole number");
            }
            return v.isIntegralNumber() ? v.asInt() : Integer.parseInt(v.asText().trim());
        });
    }

    int integer(String name, int fallback) {
        return integer(name).orElse(fallback);
    }

    boolean bool(String name, boolean fallback) {
        return scalar(name).map(v -> {
            if (v.isBoolean()) {
                return v.asBoolean();
            }
            String text = v.asText().trim();
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
            throw new ConfigException(key(name), "'" + text + "' is not true or false");
        }).orElse(fallback);
    }

    Duration duration(String name, Duration fallback) {
        return string(name).map(text -> Durations.parse(key(name), text)).orElse(fallback);
    }

    /** A list of scalars; a single scalar counts as a one-element list. */
    List<String> strings(String name) {
        JsonNode v = node.get(name);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isArray()) {
            for (JsonNode item : v) {
                if (item.isContainerNode()) {
                    throw new ConfigException(key(name), "must be a list of single values");
                }
                out.add(item.asText());
            }
        } else if (v.isContainerNode()) {
            throw new ConfigException(key(name), "must be a list");
        } else {
            out.add(v.asText());
        }
        return out;
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback) {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return fallback;
        }
        String wanted = text.get().trim().replace('-', '_').toUpperCase(java.util.Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        throw new ConfigException(key(name), "'" + text.get() + "' is not one of " + names);
    }
}
