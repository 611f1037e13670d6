package org.openintercom.agent.update;

import org.openintercom.provisioning.channel.UpdateProgress;

/**
 * An update ends here, as a refusal or a failure with a reason code ({@code HTTP_404}, {@code DISK_FULL},
 * {@code BAD_SIGNATURE}, {@code WRONG_MODEL}, ...). Thrown inside the updater and turned into a final
 * {@link UpdateProgress}; never escapes it.
 */
final class UpdateAbort extends RuntimeException {

    private final UpdateProgress.State state;
    private final String reason;

    private UpdateAbort(UpdateProgress.State state, String reason, String message, Throwable cause) {
        super(message, cause);
        this.state = state;
        this.reason = reason;
    }

    static UpdateAbort refused(String reason, String message) {
        return new UpdateAbort(UpdateProgress.State.REFUSED, reason, message, null);
    }

    static UpdateAbort failed(String reason, String message) {
        return new UpdateAbort(UpdateProgress.State.FAILED, reason, message, null);
    }

    static UpdateAbort failed(String reason, String message, Throwable cause) {
        return new UpdateAbort(UpdateProgress.State.FAILED, reason, message, cause);
    }

    /** A disk that ran full while writing ({@code ENOSPC}) is a DISK_FULL failure; other I/O errors are IO_ERROR. */
    static UpdateAbort io(String what, java.io.IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left") || m.contains("Disk quota exceeded")) {
            return failed("DISK_FULL", what + ": " + m, e);
        }
        return failed("IO_ERROR", what + ": " + m, e);
    }

    UpdateProgress.State state() {
        return state;
    }

    String reason() {
        return reason;
    }

    /** The download was cancelled (the assignment was withdrawn or replaced). */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }
}
