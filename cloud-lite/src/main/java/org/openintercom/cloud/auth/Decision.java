package org.openintercom.cloud.auth;

/** Whether a request is allowed, and if not, why. */
public record Decision(boolean allowed, String reason) {

    private static final Decision ALLOWED = new Decision(true, "");

    /** Allowed. */
    public static Decision allow() {
        return ALLOWED;
    }

    /** Refused for {@code reason}. */
    public static Decision refuse(String reason) {
        return new Decision(false, reason);
    }
}
