package org.openintercom.cloud.calls.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The media of one call anchored on the relay: the caller's leg and the callee's leg, each with its own RTP/RTCP
 * port pair. What the caller sends to its leg goes out of the callee's leg to the callee, and back.
 *
 * <p>How the proxy uses it: SDP coming from the caller's side goes through {@link #rewriteFromCaller} (the caller leg
 * learns where the caller is; the body sent on points at the callee leg), SDP from the callee's side (each 18x/2xx of
 * each branch, later re-INVITEs) through {@link #rewriteFromCallee}, with {@code answer} for the 2xx of the branch that
 * answered. Before the answer the callee leg is in early-media mode: with forking, several phones may send early media
 * to it, and packets from every source are forwarded to the caller (only the latched one receives the caller's
 * media). After the answer only the answering phone's packets are forwarded. The same steps by hand:
 * {@code caller().expect(SdpRewriter.remoteMedia(offer))} and {@code SdpRewriter.rewrite(offer, callee().local())},
 * {@code callee().expect(...)}/{@link #answeredBy} and {@code SdpRewriter.rewrite(answer, caller().local())}.
 *
 * <p>The idle clock starts at the first forwarded packet or at the answer; a session with no forwarded packet for the
 * relay's idle timeout after that is closed and reported to the {@link MediaRelayListener}. Packets that are dropped
 * do not keep a session alive. Thread-safe; {@link #close()} is idempotent.
 */
public final class RelaySession implements AutoCloseable {

    private final MediaRelay relay;
    private final MediaLoop loop;
    private final String callId;
    private final RelayLeg caller;
    private final RelayLeg callee;
    private final long latchWindowNanos;
    private boolean answered;
    private boolean closed;
    private boolean idleClockRunning;
    private long lastActivityNanos;
    private long callerToCalleePackets;
    private long callerToCalleeBytes;
    private long calleeToCallerPackets;
    private long calleeToCallerBytes;
    private long dropped;

    RelaySession(MediaRelay relay, MediaLoop loop, String callId, PortPool.BoundPair callerPorts,
            PortPool.BoundPair calleePorts, InetAddress advertised, long latchWindowNanos) {
        this.relay = relay;
        this.loop = loop;
        this.callId = callId;
        this.caller = new RelayLeg(this, "caller", new LocalMedia(advertised, callerPorts.rtpPort(),
                callerPorts.rtcpPort()), callerPorts);
        this.callee = new RelayLeg(this, "callee", new LocalMedia(advertised, calleePorts.rtpPort(),
                calleePorts.rtcpPort()), calleePorts);
        this.latchWindowNanos = latchWindowNanos;
    }

    public String callId() {
        return callId;
    }

    /** The relay I/O thread that forwards this session's packets. */
    MediaLoop loop() {
        return loop;
    }

    /** Side A: the phone that sent the INVITE. */
    public RelayLeg caller() {
        return caller;
    }

    /** Side B: the phone (or, while forking, the phones) the INVITE went to. */
    public RelayLeg callee() {
        return callee;
    }

    /**
     * The branch that answered is known: the callee leg now expects {@code remote} (from the 2xx SDP; the phone's
     * SIP source IP may be given as {@code signallingSource}, or null), latches anew (even when the SDP is the same as
     * an earlier 18x's: another branch's early media may hold the latch), and drops packets from the other branches
     * from now on. Starts the idle clock.
     */
    public void answeredBy(RemoteMedia remote, InetAddress signallingSource) {
        if (remote == null) {
            throw new IllegalArgumentException(callId + ": the answer's remote media is required");
        }
        synchronized (this) {
            callee.restartLatching(remote, signallingSource);
            markAnswered();
        }
    }

    /**
     * SDP from the caller's side (the INVITE's offer, or the caller's answer or re-INVITE later): the caller leg now
     * expects the caller where the SDP says, and the returned body, for the callee, points at the callee leg.
     *
     * @param signallingSource IP the SIP message came from, or null
     * @throws SdpFormatException naming the line when the body is malformed
     */
    public String rewriteFromCaller(String sdp, InetAddress signallingSource) {
        SdpRewriter.remoteMedia(sdp).ifPresent(remote -> caller.expect(remote, signallingSource));
        return SdpRewriter.rewrite(sdp, callee.local());
    }

    /** {@link #rewriteFromCaller(String, InetAddress)} of a body in bytes (other bytes kept as they are). */
    public byte[] rewriteFromCaller(byte[] sdp, InetAddress signallingSource) {
        return SdpRewriter.latin1(rewriteFromCaller(SdpRewriter.latin1(sdp), signallingSource));
    }

    /**
     * SDP from the callee's side: a 18x's or 2xx's answer, or the callee's offer later. With {@code answer} (the 2xx
     * of the branch that answered the INVITE) this is {@link #answeredBy}; otherwise the callee leg expects that
     * branch (early media). The returned body, for the caller, points at the caller leg.
     *
     * @param signallingSource IP the SIP message came from, or null
     * @throws SdpFormatException naming the line when the body is malformed
     */
    public String rewriteFromCallee(String sdp, InetAddress signallingSource, boolean answer) {
        Optional<RemoteMedia> remote = SdpRewriter.remoteMedia(sdp);
        if (answer && remote.isPresent()) {
            answeredBy(remote.get(), signallingSource);
        } else if (answer) {
            markAnswered();
        } else {
            remote.ifPresent(r -> callee.expect(r, signallingSource));
        }
        return SdpRewriter.rewrite(sdp, caller.local());
    }

    /** {@link #rewriteFromCallee(String, InetAddress, boolean)} of a body in bytes. */
    public byte[] rewriteFromCallee(byte[] sdp, InetAddress signallingSource, boolean answer) {
        return SdpRewriter.latin1(rewriteFromCallee(SdpRewriter.latin1(sdp), signallingSource, answer));
    }

    /** The call is answered by an SDP without usable audio (declined or on hold): strict latching from now on. */
    private synchronized void markAnswered() {
        answered = true;
        if (!idleClockRunning) {
            idleClockRunning = true;
            lastActivityNanos = System.nanoTime();
        }
    }

    /** Whether {@link #answeredBy} was called. */
    public synchronized boolean answered() {
        return answered;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public synchronized SessionStats stats() {
        return new SessionStats(callId, new Flow(callerToCalleePackets, callerToCalleeBytes),
                new Flow(calleeToCallerPackets, calleeToCallerBytes), dropped,
                Optional.ofNullable(caller.rtpLatch.latched()), Optional.ofNullable(callee.rtpLatch.latched()),
                closed);
    }

    /** Ends the session: stops forwarding at once and returns its ports to the pool. Idempotent. */
    @Override
    public void close() {
        relay.closeSession(this, false);
    }

    /**
     * Decides about one received packet (relay I/O thread): where it goes, or null when it is dropped. Updates the
     * latch, the counters and the idle clock.
     */
    synchronized InetSocketAddress route(RelayLeg from, boolean rtcp, InetSocketAddress source, int length,
            boolean wellFormed, long nowNanos) {
        if (closed) {
            return null;
        }
        if (!wellFormed) {
            dropped++;
            return null;
        }
        SourceLatch.Verdict verdict = from.latch(rtcp).offer(source, nowNanos, latchWindowNanos);
        if (verdict == SourceLatch.Verdict.FOREIGN && (answered || from == caller)) {
            dropped++;
            return null;
        }
        if (verdict == SourceLatch.Verdict.LATCHED) {
            relay.logLatch(this, from, rtcp, source);
        }
        RelayLeg to = from == caller ? callee : caller;
        InetSocketAddress destination = to.latch(rtcp).destination();
        if (destination == null) {
            dropped++;
            return null;
        }
        if (from == caller) {
            callerToCalleePackets++;
            callerToCalleeBytes += length;
        } else {
            calleeToCallerPackets++;
            calleeToCallerBytes += length;
        }
        lastActivityNanos = nowNanos;
        idleClockRunning = true;
        return destination;
    }

    /** A forwarded packet could not be sent (send buffer full or error): counts it as dropped. */
    synchronized void sendFailed(RelayLeg from, int length) {
        dropped++;
        if (from == caller) {
            callerToCalleePackets--;
            callerToCalleeBytes -= length;
        } else {
            calleeToCallerPackets--;
            calleeToCallerBytes -= length;
        }
    }

    /** Whether the idle timeout has passed without a forwarded packet. */
    synchronized boolean idleAt(long nowNanos, long idleTimeoutNanos) {
        return !closed && idleClockRunning && nowNanos - lastActivityNanos >= idleTimeoutNanos;
    }

    /** Marks the session closed; false when it already was. */
    synchronized boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    @Override
    public String toString() {
        return "media session " + callId;
    }
}
