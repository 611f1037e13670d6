package org.openintercom.cloud.rollout;

import org.openintercom.provisioning.channel.UpdateProgress;

/**
 * Where one target device of a rollout is: the rollout's own states (not yet assigned, skipped by policy,
 * awaiting approval, assigned, withdrawn) and then the states the device reports ({@link UpdateProgress.State}).
 */
public enum TargetState {
    /** Its wave has not started. */
    PENDING,
    /** Its policy is MANUAL: waits for an operator's approval. */
    AWAITING_APPROVAL,
    /** Not offered the bundle (policy, downgrade, no longer claimed); {@code reason} says why. */
    SKIPPED,
    /** The assignment is published; the device has not reported on it yet. */
    ASSIGNED,
    DOWNLOADING, VERIFYING, WAITING_TO_INSTALL, INSTALLING, REBOOTING, HEALTH_CHECK,
    /** Runs the bundle, proven by a health check after reboot (or already ran it): the only success. */
    COMMITTED,
    ROLLED_BACK, REFUSED, FAILED,
    /** The assignment was taken back (pause or abort) before the device started installing. */
    WITHDRAWN;

    /** The target state for a state the device reported. */
    public static TargetState of(UpdateProgress.State reported) {
        return switch (reported) {
            case DOWNLOADING -> DOWNLOADING;
            case VERIFYING -> VERIFYING;
            case WAITING_TO_INSTALL -> WAITING_TO_INSTALL;
            case INSTALLING -> INSTALLING;
            case REBOOTING -> REBOOTING;
            case HEALTH_CHECK -> HEALTH_CHECK;
            case COMMITTED -> COMMITTED;
            case ROLLED_BACK -> ROLLED_BACK;
            case REFUSED -> REFUSED;
            case FAILED -> FAILED;
            case UNKNOWN -> ASSIGNED;
        };
    }

    /** Whether the device is done with the rollout's assignment. */
    public boolean isFinal() {
        return this == COMMITTED || isFailure();
    }

    /** Whether the state counts against the rollout's abort rule. */
    public boolean isFailure() {
        return this == ROLLED_BACK || this == REFUSED || this == FAILED;
    }

    /** Whether a wave waits for a device in this state before it can end. */
    public boolean holdsWave() {
        return !isFinal() && this != SKIPPED && this != AWAITING_APPROVAL && this != WITHDRAWN;
    }

    /** Whether the assignment may still be taken back: assigned but not yet installing. */
    public boolean isWithdrawable() {
        return this == ASSIGNED || this == DOWNLOADING || this == VERIFYING || this == WAITING_TO_INSTALL;
    }
}
