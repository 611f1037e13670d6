package org.openintercom.agent.update;

import java.util.Objects;

/**
 * One thing a trial slot must prove after booting before it is committed (cloud connected, SIP ready,
 * self-test). The updater asks every check repeatedly until all have passed or the deadline is reached; a check
 * that failed for good says so at once and the trial is abandoned without waiting.
 */
public interface HealthCheck {

    /** Short name used in reports, e.g. {@code cloud-connected}. */
    String name();

    /** The check's state now. */
    Result check();

    /** What a check found. */
    record Result(Status status, String detail) {
        public Result {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
        }

        public static Result passed() {
            return new Result(Status.PASSED, "ok");
        }

        public static Result pending(String detail) {
            return new Result(Status.PENDING, detail);
        }

        public static Result failed(String detail) {
            return new Result(Status.FAILED, detail);
        }
    }

    /** Passed; not yet (may still pass before the deadline); failed for good. */
    enum Status { PASSED, PENDING, FAILED }
}
