package org.openintercom.cloud.calls.routing;

/** Why a plan ends by hanging up; the relay maps it to a SIP status (suggested code in brackets). */
public enum HangUpReason {
    /** The group is closed (outside opening hours or a holiday) and its closed action is to hang up [480]. */
    CLOSED,
    /** Nobody answered [480]. */
    NO_ANSWER,
    /** The user is busy and has no BUSY rule [486]. */
    BUSY,
    /** The user has do-not-disturb on and no BUSY rule [486]. */
    DO_NOT_DISTURB,
    /** The user has no registered contact and no rule for that [480]. */
    NOT_REACHABLE,
    /** Every member was busy and the group's queue is full (or it has none) [486]. */
    QUEUE_FULL,
    /** Forwarding came back to a user or group already on the path [482]. */
    FORWARD_LOOP,
    /** Forwarding went through more than {@link CallRouter#MAX_FORWARD_DEPTH} hops [483]. */
    FORWARD_TOO_DEEP,
    /** The call's target (or a forward target) does not exist [404]. */
    UNKNOWN_TARGET
}
