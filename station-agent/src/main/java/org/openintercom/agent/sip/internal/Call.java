package org.openintercom.agent.sip.internal;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import org.openintercom.agent.media.MediaParameters;
import org.openintercom.agent.media.MediaSession;
import org.openintercom.agent.sdp.SessionDescription;
import org.openintercom.agent.sip.SipTransport;

/**
 * Everything the engine remembers about one call: ids, direction, state, the JAIN-SIP dialog and transactions,
 * our SDP and the media session. Only touched on the engine thread, so it needs no locking.
 */
final class Call {

    final String id;
    final String sipCallId;
    final boolean outgoing;
    final SipTransport transport;
    final SipProvider provider;
    CallState state;
    Dialog dialog;
    /** Outgoing: the INVITE transaction (for CANCEL). */
    ClientTransaction invite;
    /** Incoming: the INVITE server transaction (for 180/200/486/487). */
    ServerTransaction inviteServer;
    /** Incoming: the To tag of every response we send. */
    String localTag;
    /** Outgoing: our offer. Incoming: our answer. */
    SessionDescription localSdp;
    MediaSession media;
    MediaParameters mediaParameters;
    boolean mediaStarted;
    /** Outgoing: hangup was asked before any provisional response, CANCEL is due on the first one. */
    boolean cancelPending;
    boolean cancelSent;
    /** Incoming: the INVITE had no SDP, so our 200 carries the offer and the ACK the answer. */
    boolean offerInAnswer;

    Call(String id, String sipCallId, boolean outgoing, SipTransport transport, SipProvider provider,
            CallState state) {
        this.id = id;
        this.sipCallId = sipCallId;
        this.outgoing = outgoing;
        this.transport = transport;
        this.provider = provider;
        this.state = state;
    }

    boolean ended() {
        return state == CallState.ENDED;
    }

    @Override
    public String toString() {
        return (outgoing ? "outgoing" : "incoming") + " call " + id + " (" + state + ", Call-ID " + sipCallId + ")";
    }
}
