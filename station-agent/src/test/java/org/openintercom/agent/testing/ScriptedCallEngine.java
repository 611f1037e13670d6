package org.openintercom.agent.testing;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openintercom.agent.media.MediaStats;
import org.openintercom.agent.sip.CallEnd;
import org.openintercom.agent.sip.CallEngine;
import org.openintercom.agent.sip.CallEngineListener;
import org.openintercom.agent.sip.DtmfMode;
import org.openintercom.agent.sip.EndCause;
import org.openintercom.agent.sip.IncomingCall;
import org.openintercom.agent.sip.NegotiatedMedia;
import org.openintercom.agent.sip.ProgressKind;
import org.openintercom.agent.sip.SipTransport;

/**
 * Test double of {@link CallEngine} for call-controller tests: records the commands the agent gives and lets the
 * test play the other side's signalling. Real SIP is tested against real peers elsewhere.
 */
public final class ScriptedCallEngine implements CallEngine {

    /** A command the agent gave the engine, e.g. {@code dial c1 sip:x}, {@code hangup c1}. */
    public record Command(String verb, String callId, String argument) {
    }

    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private volatile CallEngineListener listener;

    @Override
    public void start(CallEngineListener listener) {
        this.listener = listener;
    }

    @Override
    public List<String> contacts() {
        return List.of("sip:scripted@127.0.0.1:5060;transport=udp");
    }

    @Override
    public Optional<Integer> port(SipTransport transport) {
        return transport == SipTransport.UDP ? Optional.of(5060) : Optional.empty();
    }

    @Override
    public org.openintercom.agent.sip.RegistrationStatus registration() {
        return org.openintercom.agent.sip.RegistrationStatus.NONE;
    }

    @Override
    public void dial(String callId, String targetUri) {
        commands.add(new Command("dial", callId, targetUri));
    }

    @Override
    public void answer(String callId) {
        commands.add(new Command("answer", callId, ""));
    }

    @Override
    public void reject(String callId, boolean busy) {
        commands.add(new Command("reject", callId, busy ? "busy" : "decline"));
    }

    @Override
    public void hangup(String callId) {
        commands.add(new Command("hangup", callId, ""));
    }

    @Override
    public void sendDtmf(String callId, char digit, DtmfMode mode) {
        commands.add(new Command("dtmf", callId, String.valueOf(digit)));
    }

    @Override
    public void playTone(String callId, int frequencyHz, Duration duration) {
        commands.add(new Command("tone", callId, String.valueOf(frequencyHz)));
    }

    @Override
    public Optional<MediaStats> mediaStats(String callId) {
        return Optional.empty();
    }

    @Override
    public void close() {
    }

    /** The next command the agent gave, waiting up to 5 s. */
    public Command next() throws InterruptedException {
        Command c = commands.poll(5, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("the agent gave the engine no command within 5 s");
        }
        return c;
    }

    /** The next command, skipping others, until one with {@code verb} arrives. */
    public Command next(String verb) throws InterruptedException {
        while (true) {
            Command c = next();
            if (c.verb().equals(verb)) {
                return c;
            }
        }
    }

    public void trying(String callId) {
        listener.onTrying(callId);
    }

    public void ringing(String callId) {
        listener.onProgress(callId, ProgressKind.RINGING);
    }

    public void connected(String callId, String codec) {
        listener.onConnected(callId, new NegotiatedMedia(codec, 9, 8000, false,
                new InetSocketAddress("127.0.0.1", 40000), 40002));
    }

    public void incoming(String callId, String from) {
        listener.onIncoming(new IncomingCall(callId, from, "", "sip:station@127.0.0.1", SipTransport.UDP));
    }

    public void dtmf(String callId, char digit) {
        listener.onDtmf(callId, digit, DtmfMode.RFC4733);
    }

    public void ended(String callId, EndCause cause, int status) {
        listener.onEnded(callId, new CallEnd(cause, status, ""));
    }
}
