package org.openintercom.cloud.calls.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * One call as stored: who called what, who was rung and who answered, how and when it ended, where the station
 * was (its scope, null if it was not claimed) and whether the station uploaded a caller snapshot.
 */
public record CallRecord(
        String callId,
        DeviceId station,
        String callerDisplay,
        String callerUri,
        String target,
        TargetKind targetKind,
        List<RungTarget> targetsRung,
        String answeredBy,
        DialStatus status,
        Integer sipStatus,
        String sipReason,
        Instant startedAt,
        Instant answeredAt,
        Instant endedAt,
        EndCause endCause,
        String routing,
        Scope scope,
        boolean hasSnapshot) {

    public CallRecord {
        targetsRung = List.copyOf(targetsRung);
    }

    /** Whether the relay has not reported the end yet (and no sweep has closed the call). */
    public boolean isOpen() {
        return endCause == null;
    }

    /**
     * How long it rang: until answered, else until it ended; empty while it rings or when the end is unknown.
     */
    public Optional<Duration> ringTime() {
        Instant until = answeredAt != null ? answeredAt : endedAt;
        return until == null ? Optional.empty() : Optional.of(Duration.between(startedAt, until));
    }

    /** How long the parties talked: zero for an unanswered call, empty while they talk or when the end is unknown. */
    public Optional<Duration> talkTime() {
        if (answeredAt == null) {
            return endedAt == null ? Optional.empty() : Optional.of(Duration.ZERO);
        }
        return endedAt == null ? Optional.empty() : Optional.of(Duration.between(answeredAt, endedAt));
    }
}
