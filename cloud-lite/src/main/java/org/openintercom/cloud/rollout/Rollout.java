package org.openintercom.cloud.rollout;

import java.time.Instant;

/**
 * A rollout as stored: its plan and bundle version, its state (with the reason of a pause or abort), the wave
 * it is in (0 before the first), when that wave started and, once the wave is done, until when it soaks.
 */
public record Rollout(long id, RolloutPlan plan, String version, RolloutState state, String reason, int currentWave,
        Instant waveStartedAt, Instant soakUntil, String createdBy, Instant createdAt, Instant updatedAt) {

    /** The assignment id devices of {@code wave} get: {@code r{id}-w{wave}}. */
    public String assignmentId(int wave) {
        return assignmentId(id, wave);
    }

    static String assignmentId(long rolloutId, int wave) {
        return "r" + rolloutId + "-w" + wave;
    }
}
