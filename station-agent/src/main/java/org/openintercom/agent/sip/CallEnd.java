package org.openintercom.agent.sip;

/** How a call ended: the cause, the SIP status that ended it (0 if none) and a human-readable detail. */
public record CallEnd(EndCause cause, int sipStatus, String detail) {

    public static CallEnd of(EndCause cause, String detail) {
        return new CallEnd(cause, 0, detail);
    }
}
