package org.openintercom.cloud.calls.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The symmetric-RTP latch of one relay socket: which source address packets are accepted from, and where packets
 * for that phone are sent. Not thread-safe; {@link RelaySession} guards it.
 *
 * <p>Rules: until a packet arrives, packets for the phone go to the SDP address. The first packet latches its source.
 * Within the latch window after that first latch, a source that matches better takes over; "better" ranks an exact
 * match of the SDP address (2) over a source with the SDP's IP or the signalling source's IP (1) over anything else
 * (0). An exact match is final at once; otherwise the latch is final when the window ends. Packets from other sources
 * are foreign: dropped (except early media, see {@link RelaySession#answeredBy}).
 */
final class SourceLatch {

    /** What became of one packet's source. */
    enum Verdict {
        /** The packet comes from the latched source. */
        ACCEPTED,
        /** The packet's source has just been latched (first packet, or a better match within the window). */
        LATCHED,
        /** The packet comes from some other source. */
        FOREIGN
    }

    private InetSocketAddress expected;
    private InetAddress signallingSource;
    private InetSocketAddress latched;
    private int latchedScore;
    private long firstLatchNanos;

    /** Sets the SDP address (and the IP the phone's signalling came from, may be null); forgets the latch. */
    void expect(InetSocketAddress sdpAddress, InetAddress signallingSource) {
        this.expected = sdpAddress == null || sdpAddress.getAddress().isAnyLocalAddress() || sdpAddress.getPort() == 0
                ? null : sdpAddress;
        this.signallingSource = signallingSource;
        this.latched = null;
        this.latchedScore = 0;
    }

    Verdict offer(InetSocketAddress source, long nowNanos, long windowNanos) {
        if (latched == null) {
            latch(source);
            firstLatchNanos = nowNanos;
            return Verdict.LATCHED;
        }
        if (latched.equals(source)) {
            return Verdict.ACCEPTED;
        }
        if (latchedScore < 2 && nowNanos - firstLatchNanos <= windowNanos && score(source) > latchedScore) {
            latch(source);
            return Verdict.LATCHED;
        }
        return Verdict.FOREIGN;
    }

    /** Where packets for the phone go: the latched source, else the SDP address, else null (nowhere yet). */
    InetSocketAddress destination() {
        return latched != null ? latched : expected;
    }

    InetSocketAddress latched() {
        return latched;
    }

    InetSocketAddress expected() {
        return expected;
    }

    private void latch(InetSocketAddress source) {
        latched = source;
        latchedScore = score(source);
    }

    private int score(InetSocketAddress source) {
        if (expected != null && expected.equals(source)) {
            return 2;
        }
        InetAddress ip = source.getAddress();
        if ((expected != null && expected.getAddress().equals(ip)) || ip.equals(signallingSource)) {
            return 1;
        }
        return 0;
    }
}
