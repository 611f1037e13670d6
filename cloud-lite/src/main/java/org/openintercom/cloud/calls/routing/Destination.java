package org.openintercom.cloud.calls.routing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where a call goes: a number (a SIP or tel URI the proxy sends the call to), a user (by id) or a ring group (by
 * id). Used as the target of a call, of a forwarding rule and of a group's fallback action.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Destination(Type type, String value) {

    /** The kind of destination. */
    public enum Type {
        /** A SIP URI ({@code sip:}, {@code sips:}) or {@code tel:} URI. */
        NUMBER,
        /** A user of the cloud, by id; the user's own forwarding rules apply. */
        USER,
        /** A ring group, by id. */
        GROUP
    }

    public static Destination number(String uri) {
        return new Destination(Type.NUMBER, uri);
    }

    public static Destination user(String userId) {
        return new Destination(Type.USER, userId);
    }

    public static Destination group(String groupId) {
        return new Destination(Type.GROUP, groupId);
    }

    /** {@code user:anna}, {@code group:lobby} or the number's URI; used in plans and loop reports. */
    public String describe() {
        return switch (type) {
            case NUMBER -> value;
            case USER -> "user:" + value;
            case GROUP -> "group:" + value;
        };
    }

    void check(String path, Problems problems) {
        if (type == null) {
            problems.add(Problems.at(path, "type"), "required (NUMBER, USER or GROUP)");
            return;
        }
        if (Problems.blank(value)) {
            problems.add(Problems.at(path, "value"), "required");
        } else if (type == Type.NUMBER && !isCallableUri(value)) {
            problems.add(Problems.at(path, "value"), "'" + value + "' is not a sip:, sips: or tel: URI");
        }
    }

    static boolean isCallableUri(String s) {
        return s != null && s.matches("(?i)(sips?:[^\\s@]+(@[^\\s]+)?|tel:\\+?[0-9*#\\-.()]+)");
    }
}
