package org.openintercom.cloud.calls.history;

import java.time.Instant;
import java.util.Objects;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * A call as the relay knows it when the station's INVITE arrives.
 *
 * @param callId        the SIP Call-ID of the caller's leg (at most 256 characters)
 * @param station       the calling station
 * @param callerDisplay the display name of the From header, or null
 * @param callerUri     the From URI, or null
 * @param target        what was dialled: a group id, a user id or a URI
 * @param targetKind    which of those {@code target} is
 * @param routing       how the router resolved the target (free text for operators), or null
 * @param startedAt     when the INVITE arrived
 */
public record NewCall(String callId, DeviceId station, String callerDisplay, String callerUri, String target,
        TargetKind targetKind, String routing, Instant startedAt) {

    /** The longest Call-ID stored. */
    public static final int MAX_CALL_ID = 256;

    public NewCall {
        callId = CallIds.check(callId);
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(targetKind, "targetKind");
        Objects.requireNonNull(startedAt, "startedAt");
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("target of call " + callId + " must not be blank");
        }
        callerDisplay = Texts.clip(callerDisplay, 200);
        callerUri = Texts.clip(callerUri, 512);
        target = Texts.clip(target, 512);
    }
}
