package org.openintercom.cloud.rollout;

/** Where a rollout is: assigning waves, held by an operator, stopped for good, or through all its waves. */
public enum RolloutState {
    RUNNING, PAUSED, ABORTED, COMPLETED;

    /** Whether nothing more will happen to the rollout. */
    public boolean isFinished() {
        return this == ABORTED || this == COMPLETED;
    }
}
