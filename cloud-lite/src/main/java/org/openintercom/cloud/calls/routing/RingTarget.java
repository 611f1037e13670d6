package org.openintercom.cloud.calls.routing;

/** One thing a Ring step rings: a user (all the user's registered contacts) or a number (a SIP or tel URI). */
public record RingTarget(Kind kind, String value) {

    /** What the value names. */
    public enum Kind {
        USER,
        NUMBER
    }

    public static RingTarget user(String userId) {
        return new RingTarget(Kind.USER, userId);
    }

    public static RingTarget number(String uri) {
        return new RingTarget(Kind.NUMBER, uri);
    }

    /** {@code user:anna} or the number's URI. */
    public String describe() {
        return kind == Kind.USER ? "user:" + value : value;
    }
}
