package org.openintercom.ota.delta;

/**
 * A patch that cannot be applied: made for another base payload, damaged or truncated, or producing something other
 * than the target it announces. The device's answer is the same for all of them: fetch the full bundle.
 */
public final class DeltaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeltaException(String message) {
        super(message);
    }

    public DeltaException(String message, Throwable cause) {
        super(message, cause);
    }
}
