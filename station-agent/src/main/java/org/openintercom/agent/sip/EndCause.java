package org.openintercom.agent.sip;

/** Why a call ended, as far as signalling is concerned. */
public enum EndCause {
    /** We hung up (BYE) or cancelled (CANCEL) the call. */
    LOCAL_HANGUP,
    /** The other side sent BYE. */
    REMOTE_HANGUP,
    /** The other side cancelled before we answered. */
    REMOTE_CANCEL,
    /** 486 Busy Here / 600 Busy Everywhere. */
    BUSY,
    /** 603 Decline or 480 Temporarily Unavailable from the callee. */
    REJECTED,
    /** No response at all (transaction timeout) or the transport failed. */
    UNREACHABLE,
    /** 488/415/606: no common codec or unacceptable media (e.g. SRTP required but not offered). */
    MEDIA_REFUSED,
    /** Any other final failure response (4xx-6xx). */
    FAILED
}
