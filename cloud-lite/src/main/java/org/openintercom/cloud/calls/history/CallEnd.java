package org.openintercom.cloud.calls.history;

import java.time.Instant;
import java.util.Objects;

/**
 * How a call ended, as the relay reports it.
 *
 * @param status     the dial status; a call that was answered stays {@link DialStatus#ANSWERED} whatever is given
 * @param sipStatus  the final SIP status code of the caller's INVITE (200 when answered), or null if none was sent
 * @param sipReason  its reason phrase, or null
 * @param cause      why the call ended
 * @param endedAt    when
 */
public record CallEnd(DialStatus status, Integer sipStatus, String sipReason, EndCause cause, Instant endedAt) {

    public CallEnd {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(endedAt, "endedAt");
        if (!status.isFinal()) {
            throw new IllegalArgumentException("a call cannot end " + status);
        }
        if (sipStatus != null && (sipStatus < 100 || sipStatus > 699)) {
            throw new IllegalArgumentException("sipStatus must be a SIP status code (100-699), was " + sipStatus);
        }
        sipReason = Texts.clip(sipReason, 200);
    }

    /** An answered call hung up by {@code cause} (caller, callee, talk limit, shutdown). */
    public static CallEnd hungUp(EndCause cause, Instant endedAt) {
        return new CallEnd(DialStatus.ANSWERED, 200, "OK", cause, endedAt);
    }

    /** The caller cancelled while it rang: MISSED, 487 Request Terminated. */
    public static CallEnd cancelled(Instant endedAt) {
        return new CallEnd(DialStatus.MISSED, 487, "Request Terminated", EndCause.CALLER_HUNG_UP, endedAt);
    }

    /** Nobody answered in time: MISSED with the final response the relay sent (e.g. 480 or 408). */
    public static CallEnd noAnswer(int sipStatus, String sipReason, Instant endedAt) {
        return new CallEnd(DialStatus.MISSED, sipStatus, sipReason, EndCause.NOT_ANSWERED, endedAt);
    }

    /** Refused with a final response: BUSY, REJECTED or FAILED with its code and reason. */
    public static CallEnd refused(DialStatus status, int sipStatus, String sipReason, Instant endedAt) {
        return new CallEnd(status, sipStatus, sipReason,
                status == DialStatus.FAILED ? EndCause.ERROR : EndCause.NOT_ANSWERED, endedAt);
    }
}
