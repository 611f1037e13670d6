package org.openintercom.agent.sip;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openintercom.agent.media.MediaStats;

/** A {@link CallEngine} that hands every call to another engine; subclasses change what they need. */
abstract class ForwardingCallEngine implements CallEngine {

    /** The engine calls go to now. */
    protected abstract CallEngine delegate();

    @Override
    public void start(CallEngineListener listener) {
        delegate().start(listener);
    }

    @Override
    public List<String> contacts() {
        return delegate().contacts();
    }

    @Override
    public Optional<Integer> port(SipTransport transport) {
        return delegate().port(transport);
    }

    @Override
    public void dial(String callId, String targetUri) {
        delegate().dial(callId, targetUri);
    }

    @Override
    public void answer(String callId) {
        delegate().answer(callId);
    }

    @Override
    public void reject(String callId, boolean busy) {
        delegate().reject(callId, busy);
    }

    @Override
    public void hangup(String callId) {
        delegate().hangup(callId);
    }

    @Override
    public void sendDtmf(String callId, char digit, DtmfMode mode) {
        delegate().sendDtmf(callId, digit, mode);
    }

    @Override
    public void playTone(String callId, int frequencyHz, Duration duration) {
        delegate().playTone(callId, frequencyHz, duration);
    }

    @Override
    public Optional<MediaStats> mediaStats(String callId) {
        return delegate().mediaStats(callId);
    }

    @Override
    public RegistrationStatus registration() {
        return delegate().registration();
    }

    @Override
    public void refreshRegistration() {
        delegate().refreshRegistration();
    }

    @Override
    public void close() {
        delegate().close();
    }
}
