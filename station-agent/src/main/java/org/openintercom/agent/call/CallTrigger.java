package org.openintercom.agent.call;

/** What can happen to a call: local actions, signalling outcomes and timers. */
public enum CallTrigger {
    DIAL,
    INCOMING,
    PROGRESS_RINGING,
    PROGRESS_EARLY_MEDIA,
    CONNECTED,
    LOCAL_HANGUP,
    REMOTE_HANGUP,
    REMOTE_CANCEL,
    RING_TIMEOUT,
    TALK_LIMIT,
    MEDIA_TIMEOUT,
    BUSY,
    REJECTED,
    UNREACHABLE,
    MEDIA_REFUSED,
    FAILED;

    /** True for the triggers that end a call. */
    public boolean ends() {
        return ordinal() >= LOCAL_HANGUP.ordinal();
    }
}
