package org.openintercom.cloud.calls.history;

/** How a call turned out; {@link #IN_PROGRESS} until the relay reports its end (or the startup sweep closes it). */
public enum DialStatus {
    /** Not ended yet: ringing or talking. */
    IN_PROGRESS,
    /** Someone answered (whatever ended the call afterwards). */
    ANSWERED,
    /** Nobody answered before the ring timeout, or the caller hung up while it rang. */
    MISSED,
    /** Every target rung was busy (486/600). */
    BUSY,
    /** A target declined the call (603) or the call was refused (403, 404...). */
    REJECTED,
    /** The relay could not place the call (no route, 5xx, timeout of every leg), or it crashed mid-call. */
    FAILED;

    /** Whether this is the status of an ended call. */
    public boolean isFinal() {
        return this != IN_PROGRESS;
    }
}
