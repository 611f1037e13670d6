package org.openintercom.cloud.calls.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One side of a relayed call (the caller or the callee): the relay's RTP/RTCP port pair that phone sends to, and
 * where that phone is (from its SDP, then latched to the source its packets really come from).
 *
 * <p>Latching (symmetric RTP, for phones behind NAT that send from another address than their SDP says) follows
 * the rules of a {@code SourceLatch} for RTP and for RTCP separately: the first packet latches its source; during
 * the relay's latch window a better match (exactly the SDP address, or else the SDP's IP or the IP the phone's SIP
 * came from) may take over; after that, or at once on an exact match, the source is final and packets from any
 * other source are dropped, so a spoofer cannot take over an established stream. A new {@link #expect} (new SDP,
 * e.g. a re-INVITE) with a different address starts latching over. SSRC changes are not used: SRTP passes through
 * untouched and a spoofer can choose any SSRC.
 */
public final class RelayLeg {

    private final Object lock;
    private final String name;
    private final LocalMedia local;
    final PortPool.BoundPair ports;
    final SourceLatch rtpLatch = new SourceLatch();
    final SourceLatch rtcpLatch = new SourceLatch();
    private RemoteMedia expected;
    private InetAddress signallingSource;

    RelayLeg(Object lock, String name, LocalMedia local, PortPool.BoundPair ports) {
        this.lock = lock;
        this.name = name;
        this.local = local;
        this.ports = ports;
    }

    /** The relay's address and ports this leg's phone sends to; write them into the SDP that phone receives. */
    public LocalMedia local() {
        return local;
    }

    /** Sets where the phone said it receives media (parsed with {@link SdpRewriter#remoteMedia}). */
    public void expect(RemoteMedia remote) {
        expect(remote, null);
    }

    /**
     * Sets where the phone said it receives media, and the IP its SIP message came from (a NAT's public address; a
     * source with that IP wins the latch over strangers during the window). Null {@code signallingSource} = unknown,
     * or unchanged when the remote is the same. The same remote as before (a retransmission, a 200 repeating the
     * 183's SDP) keeps the current latch; a different one restarts latching.
     */
    public void expect(RemoteMedia remote, InetAddress signallingSource) {
        if (remote == null) {
            throw new IllegalArgumentException("leg " + name + ": remote media is required");
        }
        synchronized (lock) {
            if (remote.equals(expected) && (signallingSource == null
                    || signallingSource.equals(this.signallingSource))) {
                return;
            }
            restartLatching(remote, signallingSource);
        }
    }

    /** Like {@link #expect}, but forgets the latch even when the remote is the same. */
    void restartLatching(RemoteMedia remote, InetAddress signallingSource) {
        synchronized (lock) {
            expected = remote;
            this.signallingSource = signallingSource;
            rtpLatch.expect(remote.rtp(), signallingSource);
            rtcpLatch.expect(remote.rtcp(), signallingSource);
        }
    }

    /** The SDP address set last, if any. */
    public Optional<RemoteMedia> expected() {
        synchronized (lock) {
            return Optional.ofNullable(expected);
        }
    }

    /** The source RTP is latched to, once a packet came. */
    public Optional<InetSocketAddress> latchedRtpSource() {
        synchronized (lock) {
            return Optional.ofNullable(rtpLatch.latched());
        }
    }

    /** The source RTCP is latched to, once a packet came. */
    public Optional<InetSocketAddress> latchedRtcpSource() {
        synchronized (lock) {
            return Optional.ofNullable(rtcpLatch.latched());
        }
    }

    SourceLatch latch(boolean rtcp) {
        return rtcp ? rtcpLatch : rtpLatch;
    }

    String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + " leg " + local.rtpPort() + "/" + local.rtcpPort();
    }
}
