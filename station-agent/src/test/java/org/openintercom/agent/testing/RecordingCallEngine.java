package org.openintercom.agent.testing;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openintercom.agent.media.MediaStats;
import org.openintercom.agent.sip.CallEnd;
import org.openintercom.agent.sip.CallEngine;
import org.openintercom.agent.sip.CallEngineListener;
import org.openintercom.agent.sip.DtmfMode;
import org.openintercom.agent.sip.EndCause;
import org.openintercom.agent.sip.IncomingCall;
import org.openintercom.agent.sip.NegotiatedMedia;
import org.openintercom.agent.sip.RegistrationStatus;
import org.openintercom.agent.sip.SipTransport;

/**
 * Test double of a {@link CallEngine} for wiring tests: named, listening on a TLS port it is given, recording every
 * command as {@code "verb callId"} (and {@code start}, {@code close}), and letting the test play the other side.
 */
public final class RecordingCallEngine implements CallEngine {

    private final String name;
    private final int tlsPort;
    /** What the engine was told, in order, e.g. {@code dial c1}, {@code hangup c1}, {@code close}. */
    public final List<String> commands = new CopyOnWriteArrayList<>();
    private volatile CallEngineListener listener;

    public RecordingCallEngine(String name, int tlsPort) {
        this.name = name;
        this.tlsPort = tlsPort;
    }

    @Override
    public void start(CallEngineListener listener) {
        this.listener = listener;
        commands.add("start");
    }

    @Override
    public List<String> contacts() {
        return List.of("sip:" + name + "@127.0.0.1:" + tlsPort + ";transport=tls");
    }

    @Override
    public Optional<Integer> port(SipTransport transport) {
        return transport == SipTransport.TLS ? Optional.of(tlsPort) : Optional.empty();
    }

    @Override
    public void dial(String callId, String targetUri) {
        commands.add("dial " + callId);
    }

    @Override
    public void answer(String callId) {
        commands.add("answer " + callId);
    }

    @Override
    public void reject(String callId, boolean busy) {
        commands.add((busy ? "busy " : "decline ") + callId);
    }

    @Override
    public void hangup(String callId) {
        commands.add("hangup " + callId);
    }

    @Override
    public void sendDtmf(String callId, char digit, DtmfMode mode) {
        commands.add("dtmf " + callId);
    }

    @Override
    public void playTone(String callId, int frequencyHz, Duration duration) {
        commands.add("tone " + callId);
    }

    @Override
    public RegistrationStatus registration() {
        return RegistrationStatus.NONE;
    }

    @Override
    public Optional<MediaStats> mediaStats(String callId) {
        return Optional.empty();
    }

    @Override
    public void close() {
        commands.add("close");
    }

    public boolean started() {
        return listener != null;
    }

    public void incoming(String callId) {
        listener.onIncoming(new IncomingCall(callId, "sips:caller@127.0.0.1", "", "sips:" + name + "@127.0.0.1",
                SipTransport.TLS));
    }

    public void connected(String callId) {
        listener.onConnected(callId, new NegotiatedMedia("opus", 111, 48000, true,
                new InetSocketAddress("127.0.0.1", 40000), 40002));
    }

    public void ended(String callId, EndCause cause) {
        listener.onEnded(callId, CallEnd.of(cause, ""));
    }
}
