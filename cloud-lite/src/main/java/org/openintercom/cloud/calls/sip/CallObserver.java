package org.openintercom.cloud.calls.sip;

import java.time.Instant;
import java.util.List;

/**
 * What the relay reports about each call it routes, for call history: the start, each wave of branches, the answer
 * and the end (each a no-op unless overridden). Called on the relay's threads; implementations must return quickly and must not throw.
 */
public interface CallObserver {

    /**
     * A new call was accepted for routing.
     *
     * @param caller who placed it: a station's device id (certificate), a SIP user (digest), or null for a trusted
     *     source
     * @param targetKind {@code GROUP}, {@code USER} or {@code URI}
     */
    default void started(String callId, String caller, String callerDisplay, String callerUri, String target,
            String targetKind, String routing, Instant at) {
    }

    /** A Ring step started: {@code wave} counts from 1, {@code contacts} in the order rung. */
    default void rung(String callId, int wave, List<String> contacts, Instant at) {
    }

    /** Answered by {@code by} (the user, or the contact URI of a number). */
    default void answered(String callId, String by, Instant at) {
    }

    /** The call ended without an answer: the final status sent to the caller, or the caller's CANCEL. */
    default void unanswered(String callId, int status, String reason, boolean cancelledByCaller, Instant at) {
    }

    /** An answered call ended with a BYE from one side. */
    default void hungUp(String callId, boolean byCaller, Instant at) {
    }

    /** The relay ended an answered call at its talk limit (it sent BYE to both sides). */
    default void talkLimitReached(String callId, Instant at) {
    }

    /** The relay ended an answered call whose media stopped flowing for the idle time (BYE to both sides). */
    default void mediaLost(String callId, Instant at) {
    }

    /** Reports nothing. */
    CallObserver NONE = new CallObserver() {
    };
}
