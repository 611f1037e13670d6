package org.openintercom.cloud.calls.history;

/** Why a call ended. */
public enum EndCause {
    /** The station hung up (or cancelled while it rang). */
    CALLER_HUNG_UP,
    /** The answering party hung up. */
    CALLEE_HUNG_UP,
    /** It ended unanswered for the reason its status gives (no answer in time, busy, rejected). */
    NOT_ANSWERED,
    /** The relay ended the call at the configured talk limit. */
    TALK_LIMIT,
    /** The relay shut down in an orderly way and ended the call. */
    RELAY_SHUTDOWN,
    /** A SIP or relay error ended the call. */
    ERROR,
    /** The relay stopped without recording the end (a crash): set by the startup sweep; the end time is unknown. */
    UNKNOWN
}
