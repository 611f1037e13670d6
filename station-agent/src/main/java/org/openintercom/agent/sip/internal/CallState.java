package org.openintercom.agent.sip.internal;

/**
 * The states of a call, outgoing (CALLING, PROCEEDING) or incoming (RINGING, ANSWERED), and CONNECTED and ENDED
 * for both. Transitions only move forward; a late provisional response never takes a call back.
 */
enum CallState {
    /** Outgoing: INVITE sent, nothing heard yet. */
    CALLING,
    /** Outgoing: a provisional response (1xx) arrived. */
    PROCEEDING,
    /** Incoming: 180 Ringing sent, waiting for {@code answer} or {@code reject}. */
    RINGING,
    /** Incoming: 200 OK sent, waiting for the ACK. */
    ANSWERED,
    /** Media flows both ways. */
    CONNECTED,
    /** onEnded was reported; signalling may still be finishing (CANCEL, BYE, ACK for a late 200). */
    ENDED;
}
