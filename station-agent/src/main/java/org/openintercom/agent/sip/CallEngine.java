package org.openintercom.agent.sip;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openintercom.agent.media.MediaStats;

/**
 * Places and receives calls: SIP signalling, SDP offer/answer and the media of each call. Port; the adapter is
 * {@code JainSipCallEngine}. Call ids are chosen by the caller of {@link #dial} and by the engine for incoming
 * calls. Methods return at once; outcomes arrive through the {@link CallEngineListener}. Using an unknown or
 * ended call id is a no-op.
 */
public interface CallEngine extends AutoCloseable {

    /** Binds the configured transports and starts reporting to {@code listener}. */
    void start(CallEngineListener listener);

    /** Where the engine listens, one entry per bound transport, e.g. {@code sip:ID5@127.0.0.1:5060;transport=udp}. */
    List<String> contacts();

    /** The port bound for a transport (useful when 0 = ephemeral was configured). */
    Optional<Integer> port(SipTransport transport);

    /**
     * Calls {@code targetUri} (a SIP or SIPS URI; {@code transport=} picks the transport, SIPS or TLS means SRTP).
     * Bad URIs end the call at once with {@link EndCause#FAILED}.
     */
    void dial(String callId, String targetUri);

    /** Answers an incoming call (200 OK with our SDP answer). */
    void answer(String callId);

    /** Refuses an incoming call: {@code busy} sends 486 Busy Here, otherwise 603 Decline. */
    void reject(String callId, boolean busy);

    /** Ends a call in any state: CANCEL before the answer, BYE after it, 487 for an unanswered incoming call. */
    void hangup(String callId);

    /** Sends one DTMF digit (0-9, *, #, A-D) to the other side of a connected call. */
    void sendDtmf(String callId, char digit, DtmfMode mode);

    /** Plays a tone to both parties of a connected call (e.g. the talk-limit warning). */
    void playTone(String callId, int frequencyHz, Duration duration);

    /**
     * Where the registration with the configured registrar stands ({@link RegistrationStatus#NONE} when none is
     * configured). Changes are also reported to {@link CallEngineListener#onRegistration}.
     */
    RegistrationStatus registration();

    /**
     * Registers again now rather than at the next refresh, e.g. when the cloud comes back: a restarted registrar may
     * have forgotten the binding. Nothing without a registration, or while a REGISTER is out.
     */
    default void refreshRegistration() {
    }

    /** Media counters of a call, while it has media. */
    Optional<MediaStats> mediaStats(String callId);

    /** Ends every call, unregisters (waiting about a second for the registrar) and releases the transports. */
    @Override
    void close();
}
