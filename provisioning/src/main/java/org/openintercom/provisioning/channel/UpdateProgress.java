package org.openintercom.provisioning.channel;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a device is with a firmware assignment (retained on {@code update}, so the cloud finds the latest state
 * after any restart of either side). {@code percent} is meaningful while {@link State#DOWNLOADING};
 * {@code reason} is a machine-readable code for a refusal, failure or rollback (a bundle
 * {@code RefusalReason}, a compatibility reason, {@code HTTP_404}, {@code DISK_FULL},
 * {@code HEALTH_CHECK_FAILED}, ...) and {@code message} says it for people. {@code runningVersion} is what the
 * device runs while it reports.
 */
public record UpdateProgress(String assignmentId, String version, State state, int percent,
        Optional<String> reason, Optional<String> message, String runningVersion, Instant at) {

    /** The device's update states, in the order an update goes through them. */
    public enum State {
        /** Fetching the bundle (or the delta); {@code percent} of the bytes are on the device and checked. */
        DOWNLOADING,
        /** Checking the signature, the compatibility and every chunk. */
        VERIFYING,
        /** Verified and ready; waiting for the maintenance window or for a call to end. */
        WAITING_TO_INSTALL,
        /** Writing the inactive slot. */
        INSTALLING,
        /** Restarting into the new slot for a single trial. */
        REBOOTING,
        /** Running the trial: the health check decides. */
        HEALTH_CHECK,
        /** The new firmware proved itself and is now the default: the only success. */
        COMMITTED,
        /** The trial failed or never reported healthy; the device runs the old slot again. */
        ROLLED_BACK,
        /** The device will not install this bundle (signature, model, downgrade, ...): final. */
        REFUSED,
        /** Gave up (a 4xx from the server, retries exhausted, disk full): final for this assignment. */
        FAILED,
        /** A state this cloud does not know (sent by a newer device). */
        @JsonEnumDefaultValue
        UNKNOWN;

        /** Whether the device is done with the assignment in this state. */
        public boolean isFinal() {
            return this == COMMITTED || this == ROLLED_BACK || this == REFUSED || this == FAILED;
        }

        /** Whether the state counts against a rollout (a failure, refusal or rollback). */
        public boolean isFailure() {
            return this == ROLLED_BACK || this == REFUSED || this == FAILED;
        }
    }

    public UpdateProgress {
        if (assignmentId == null || assignmentId.isBlank() || assignmentId.length() > 64) {
            throw new IllegalArgumentException("assignmentId must have 1 to 64 characters");
        }
        Objects.requireNonNull(version, "version is required");
        Objects.requireNonNull(state, "state is required");
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be 0 to 100, was " + percent);
        }
        reason = reason == null ? Optional.empty() : reason;
        message = message == null ? Optional.empty() : message;
        Objects.requireNonNull(runningVersion, "runningVersion is required");
        Objects.requireNonNull(at, "at is required");
    }

    public static UpdateProgress of(String assignmentId, String version, State state, int percent,
            String runningVersion, Instant at) {
        return new UpdateProgress(assignmentId, version, state, percent, Optional.empty(), Optional.empty(),
                runningVersion, at);
    }

    /** A final refusal, failure or rollback with its reason code and explanation. */
    public static UpdateProgress ended(String assignmentId, String version, State state, String reason,
            String message, String runningVersion, Instant at) {
        return new UpdateProgress(assignmentId, version, state, 100, Optional.of(reason), Optional.of(message),
                runningVersion, at);
    }
}
