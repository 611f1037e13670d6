package org.openintercom.agent.call;

/** How a call ended, as kept in the call log. */
public enum CallOutcome {
    /** Connected and then hung up by either side. */
    ANSWERED,
    /** Connected and ended by the talk limit. */
    TALK_LIMIT,
    /** Nobody answered within the ring timeout. */
    NO_ANSWER,
    /** The callee was busy. */
    BUSY,
    /** The callee declined. */
    REJECTED,
    /** The caller gave up before anyone answered (outgoing: we cancelled; incoming: missed). */
    CANCELLED,
    /** The callee could not be reached (no response, network error). */
    UNREACHABLE,
    /** Signalling or media negotiation failed. */
    FAILED,
    /** The agent stopped (power cut, crash) while the call was live; found on the next start. */
    INTERRUPTED;

    /** The outcome of a call that ends by {@code trigger}, given whether it had been connected. */
    public static CallOutcome of(CallTrigger trigger, boolean wasConnected) {
        if (wasConnected) {
            return trigger == CallTrigger.TALK_LIMIT ? TALK_LIMIT : ANSWERED;
        }
        return switch (trigger) {
            case RING_TIMEOUT -> NO_ANSWER;
            case BUSY -> BUSY;
            case REJECTED -> REJECTED;
            case LOCAL_HANGUP, REMOTE_CANCEL, REMOTE_HANGUP -> CANCELLED;
            case UNREACHABLE -> UNREACHABLE;
            default -> FAILED;
        };
    }
}
