package org.openintercom.cloud.calls.routing;

import java.util.ArrayList;
import java.util.List;

/** Collects validation problems as {@code path: message} lines, so one pass reports every bad field. */
final class Problems {

    private final List<String> lines = new ArrayList<>();

    void add(String path, String message) {
        lines.add(path + ": " + message);
    }

    /** The path of {@code field} under {@code prefix} ({@code prefix} empty: the field alone). */
    static String at(String prefix, String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    /** The path of element {@code index} of the list at {@code path}. */
    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    List<String> list() {
        return List.copyOf(lines);
    }

    /** Throws {@link InvalidRoutingConfigException} naming {@code what} when any problem was found. */
    void throwIfAny(String what) {
        if (!lines.isEmpty()) {
            throw new InvalidRoutingConfigException(what, lines);
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
