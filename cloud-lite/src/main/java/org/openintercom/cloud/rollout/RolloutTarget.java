package org.openintercom.cloud.rollout;

import java.time.Instant;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * One target device of a rollout: its wave, where it is ({@code reason} and {@code message} from the device's
 * latest report or from the rollout, e.g. {@code HEALTH_CHECK_FAILED}), download percent, how often it was
 * assigned, whether an operator approved it (MANUAL policy), and when.
 */
public record RolloutTarget(long rolloutId, DeviceId deviceId, int wave, TargetState state, String reason,
        String message, int percent, int attempts, boolean approved, Instant assignedAt, Instant updatedAt) {
}
