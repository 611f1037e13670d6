package org.openintercom.agent.sdp;

import java.util.Locale;

/** The media direction attribute of an m-line (RFC 4566 §6); {@link #SENDRECV} when absent. */
public enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    /** The attribute name as written in SDP, e.g. {@code sendrecv}. */
    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction an answerer mirrors: sendonly becomes recvonly and vice versa. */
    public Direction reverse() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    static Direction fromAttribute(String name) {
        for (Direction d : values()) {
            if (d.attribute().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
