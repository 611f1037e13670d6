package org.openintercom.provisioning.channel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * A call a station placed without the cloud's call relay (a mesh call while the cloud was unreachable), as the
 * station reports it to the cloud's call history once the cloud is back ({@code POST /device/v1/calls}). The
 * Call-ID identifies it: reporting the same call again changes nothing.
 *
 * @param callId      the SIP Call-ID of the station's call (1 to 256 visible ASCII characters)
 * @param station     the station that placed the call: must be the station reporting it
 * @param button      the button pressed, if a button placed the call
 * @param target      what the button dials through the cloud (a ring group, user or station name, or a URI)
 * @param targetsRung the stations (device ids) or URIs the station rang directly, in order; at most 32
 * @param answeredBy  who answered, if anyone did
 * @param outcome     how the call ended, as the station's call log says
 */
public record StationCallReport(String callId, String station, Optional<String> button, String target,
        List<String> targetsRung, Optional<String> answeredBy, Outcome outcome, Instant startedAt,
        Optional<Instant> answeredAt, Instant endedAt) {

    /** The longest Call-ID accepted (the cloud's call history column). */
    public static final int MAX_CALL_ID = 256;
    private static final int MAX_TEXT = 512;

    /** How a call ended: the station call log's outcomes. */
    public enum Outcome {
        ANSWERED, TALK_LIMIT, NO_ANSWER, BUSY, REJECTED, CANCELLED, UNREACHABLE, FAILED, INTERRUPTED;

        /** Whether a call that ended so was answered. */
        public boolean answered() {
            return this == ANSWERED || this == TALK_LIMIT;
        }
    }

    public StationCallReport {
        requireCallId(callId);
        if (station == null || !DeviceId.isValid(station)) {
            throw new IllegalArgumentException("station '" + station + "' is not a device id");
        }
        button = button == null ? Optional.empty() : button;
        button.ifPresent(b -> DeviceConfiguration.requireKey("button", b));
        if (target == null || target.isBlank() || target.length() > MAX_TEXT) {
            throw new IllegalArgumentException("target must have 1 to " + MAX_TEXT + " characters");
        }
        targetsRung = targetsRung == null ? List.of() : List.copyOf(targetsRung);
        if (targetsRung.size() > FallbackPlan.MAX_TARGETS) {
            throw new IllegalArgumentException("targetsRung has " + targetsRung.size() + " entries, at most "
                    + FallbackPlan.MAX_TARGETS + " are allowed");
        }
        for (int i = 0; i < targetsRung.size(); i++) {
            String t = targetsRung.get(i);
            if (t == null || t.isBlank() || t.length() > MAX_TEXT) {
                throw new IllegalArgumentException("targetsRung[" + i + "] must have 1 to " + MAX_TEXT
                        + " characters");
            }
        }
        answeredBy = answeredBy == null ? Optional.empty() : answeredBy;
        answeredBy.ifPresent(a -> {
            if (a.isBlank() || a.length() > MAX_TEXT) {
                throw new IllegalArgumentException("answeredBy must have 1 to " + MAX_TEXT + " characters");
            }
        });
        Objects.requireNonNull(outcome, "outcome is required");
        Objects.requireNonNull(startedAt, "startedAt is required");
        Objects.requireNonNull(endedAt, "endedAt is required");
        answeredAt = answeredAt == null ? Optional.empty() : answeredAt;
        if (endedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("endedAt " + endedAt + " is before startedAt " + startedAt);
        }
        answeredAt.ifPresent(a -> {
            if (a.isBefore(startedAt) || a.isAfter(endedAt)) {
                throw new IllegalArgumentException("answeredAt " + a + " is not between startedAt and endedAt");
            }
        });
        if (outcome.answered() && answeredAt.isEmpty()) {
            throw new IllegalArgumentException("answeredAt is required when the outcome is " + outcome);
        }
    }

    private static void requireCallId(String callId) {
        if (callId == null || callId.isEmpty() || callId.length() > MAX_CALL_ID) {
            throw new IllegalArgumentException("callId must have 1 to " + MAX_CALL_ID + " characters");
        }
        for (int i = 0; i < callId.length(); i++) {
            char c = callId.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException("callId has a character outside visible ASCII at position "
                        + (i + 1));
            }
        }
    }
}
