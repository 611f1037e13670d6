package org.openintercom.agent.sip.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The numbers of a registration's life (RFC 3261 §10.2): which expiry the registrar granted us, when to refresh
 * it, and how long to wait before retrying after a failure. Pure functions.
 */
final class RegistrationTiming {

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(60);

    /** One Contact of a 2xx to REGISTER: its URI without parameters and its expires parameter (-1 if absent). */
    record Binding(String uri, int expires) {
    }

    private RegistrationTiming() {
    }

    /**
     * The seconds the registrar granted: the expires parameter of the Contact that is ours, else the Expires
     * header, else what we asked for (RFC 3261 §10.2.4).
     */
    static int granted(List<Binding> bindings, String ourContact, OptionalInt expiresHeader, int asked) {
        Optional<Binding> ours = bindings.stream().filter(b -> sameUri(b.uri(), ourContact)).findFirst();
        if (ours.isPresent() && ours.get().expires() >= 0) {
            return ours.get().expires();
        }
        return expiresHeader.orElse(asked);
    }

    /** When to refresh a registration granted for {@code grantedSeconds}: at half of it, at least 500 ms. */
    static Duration refreshAfter(int grantedSeconds) {
        return Duration.ofMillis(Math.max(500, grantedSeconds * 500L));
    }

    /**
     * The wait before retry number {@code failures} (1 = after the first failure): 1 s doubling up to 60 s,
     * spread by ±20 % with {@code random} in [0, 1) so that many stations do not retry in step.
     */
    static Duration retryAfter(int failures, double random) {
        long base = FIRST_RETRY.toMillis() << Math.min(Math.max(failures - 1, 0), 6);
        long jittered = Math.round(base * (0.8 + 0.4 * random));
        return Duration.ofMillis(Math.min(jittered, MAX_RETRY.toMillis()));
    }

    /** Compares two SIP URIs by user, host and port, ignoring parameters and case of the host. */
    private static boolean sameUri(String a, String b) {
        return strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String uri) {
        String s = uri.trim();
        if (s.startsWith("<")) {
            s = s.substring(1, s.indexOf('>') < 0 ? s.length() : s.indexOf('>'));
        }
        int params = s.indexOf(';');
        return params < 0 ? s : s.substring(0, params);
    }
}
