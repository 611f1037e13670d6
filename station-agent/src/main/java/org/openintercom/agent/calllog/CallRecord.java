package org.openintercom.agent.calllog;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.openintercom.agent.call.CallDirection;
import org.openintercom.agent.call.CallOutcome;

/**
 * One call as the call log knows it: who, when, how it ended, the codec, the caller snapshot and how often the
 * door was opened during it. {@code outcome} is empty while the call is live.
 */
public record CallRecord(
        String callId,
        CallDirection direction,
        String remote,
        String button,
        Instant startedAt,
        Optional<Instant> connectedAt,
        Optional<Instant> endedAt,
        Optional<CallOutcome> outcome,
        String endDetail,
        Optional<String> codec,
        Optional<Path> snapshot,
        int doorOpenings) {

    public boolean live() {
        return outcome.isEmpty();
    }

    /** Time from start to answer (or to the end, if never answered). */
    public Optional<Duration> ringTime() {
        Optional<Instant> until = connectedAt.isPresent() ? connectedAt : endedAt;
        return until.map(t -> Duration.between(startedAt, t));
    }

    /** Time from answer to end, for answered calls. */
    public Optional<Duration> talkTime() {
        return connectedAt.flatMap(c -> endedAt.map(e -> Duration.between(c, e)));
    }
}
