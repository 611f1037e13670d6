package org.openintercom.agent.call;

/** States of one call; see {@link CallTransitions} for how they follow each other. */
public enum CallState {
    /** Created (button pressed, snapshot taken) but not dialled yet. */
    IDLE,
    /** INVITE sent, no answer from the other side yet. */
    CALLING,
    /** The other side rings (180). */
    RINGING,
    /** The other side sends early media (183 with SDP): ringback or announcements are heard. */
    EARLY_MEDIA,
    /** Someone calls this station and it rings here. */
    INCOMING,
    /** Both sides talk. */
    CONNECTED,
    /** Over; see the call's outcome. */
    ENDED;

    public boolean ringing() {
        return this == CALLING || this == RINGING || this == EARLY_MEDIA || this == INCOMING;
    }
}
