package org.openintercom.agent.mesh;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which (source, reason) pairs were already logged, so a refused peer is logged once and not on every
 * announcement; bounded, so a flood of made-up names cannot grow it without end.
 */
final class WarnOnce {

    private static final int CAPACITY = 512;

    private final Map<String, Boolean> seen = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    /** True the first time {@code source} and {@code reason} come together (until forgotten). */
    synchronized boolean first(String source, String reason) {
        return seen.put(source + "\u0000" + reason, Boolean.TRUE) == null;
    }

    /** Forgets everything said about {@code source}, so that a new refusal of it is logged again. */
    synchronized void forget(String source) {
        seen.keySet().removeIf(k -> k.startsWith(source + "\u0000"));
    }
}
