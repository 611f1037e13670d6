package org.openintercom.agent.sip;

/**
 * What a {@link CallEngine} reports. Called on engine threads; implementations must not block. Every call the
 * engine knows ends with exactly one {@link #onEnded}.
 */
public interface CallEngineListener {

    /** Someone calls us. Answer with {@link CallEngine#answer} or refuse with {@link CallEngine#reject}. */
    void onIncoming(IncomingCall call);

    /**
     * An outgoing call's next hop took the INVITE: its first provisional response (100 Trying, or a 18x that came
     * without one). Once per call, before any {@link #onProgress}; a next hop that never answers never sends it.
     */
    default void onTrying(String callId) {
    }

    /** An outgoing call rings (180) or has early media (183 with SDP). May repeat; may arrive after connect. */
    void onProgress(String callId, ProgressKind kind);

    /** The call is established (200 OK + ACK) and media flows. */
    void onConnected(String callId, NegotiatedMedia media);

    /** A DTMF digit arrived from the other side. */
    void onDtmf(String callId, char digit, DtmfMode via);

    /** The call is over. */
    void onEnded(String callId, CallEnd end);

    /** The registration changed state, or was refreshed (same state, new expiry or detail). */
    default void onRegistration(RegistrationStatus status) {
    }
}
