package org.openintercom.agent.media.internal;

import java.util.TreeMap;

/**
 * Reorders incoming RTP packets by (16-bit, wrapping) sequence number and releases one per 20 ms tick: waits
 * until the target depth is buffered, drops duplicates and packets arriving after their playout time, reports
 * gaps as lost frames, starts afresh when the SSRC changes, grows the target after underruns and trims excess depth (never beyond the maximum).
 * Thread-safe: the receiver offers, the playout tick polls.
 */
public final class JitterBuffer {

    /** What happened to an offered packet. */
    public enum Offer { ACCEPTED, DUPLICATE, LATE }

    private static final int IDLE_AFTER_MISSES = 10;
    private static final int SHRINK_AFTER_TICKS = 100;

    private final int maxFrames;
    private final TreeMap<Long, RtpPacket> packets = new TreeMap<>();
    private int targetFrames;
    private final int initialTarget;
    private long highest = Long.MIN_VALUE;
    private long ssrc = -1;
    private long next;
    private boolean playing;
    private int consecutiveMisses;
    private int ticksAboveTarget;
    private long lost;
    private long late;
    private long duplicates;

    /** A buffer holding {@code targetFrames} frames before playing and at most {@code maxFrames}. */
    public JitterBuffer(int targetFrames, int maxFrames) {
        this.initialTarget = Math.max(1, targetFrames);
        this.targetFrames = initialTarget;
        this.maxFrames = Math.max(this.targetFrames, maxFrames);
    }

    public synchronized Offer offer(RtpPacket packet) {
        if (packet.ssrc() != ssrc) { // a new source (e.g. a B2BUA switched streams): its numbering starts afresh
            packets.clear();
            highest = Long.MIN_VALUE;
            playing = false;
            ssrc = packet.ssrc();
        }
        long ext = extend(packet.sequence());
        if (playing && ext < next) {
            late++;
            return Offer.LATE;
        }
        if (packets.putIfAbsent(ext, packet) != null) {
            duplicates++;
            return Offer.DUPLICATE;
        }
        while (packets.size() > maxFrames) { // overflow: drop the oldest, playout skips ahead
            packets.pollFirstEntry();
            if (playing) {
                next = packets.firstKey();
            }
        }
        return Offer.ACCEPTED;
    }

    /** The next 20 ms of playout. */
    public synchronized Playout poll() {
        if (!playing) {
            if (packets.size() < targetFrames) {
                return Playout.IDLE;
            }
            playing = true;
            next = packets.firstKey();
        }
        trimIfTooDeep();
        RtpPacket p = packets.remove(next);
        if (p != null) {
            next++;
            consecutiveMisses = 0;
            return Playout.packet(p);
        }
        if (packets.isEmpty()) {
            consecutiveMisses++;
            if (consecutiveMisses >= IDLE_AFTER_MISSES) { // stream paused or stopped: rebuffer, deeper
                playing = false;
                targetFrames = Math.min(maxFrames, targetFrames + 1);
                return Playout.IDLE;
            }
        }
        next++;
        lost++;
        RtpPacket following = packets.get(next);
        return Playout.lost(following == null ? null : following.payload());
    }

    private void trimIfTooDeep() {
        if (packets.size() > targetFrames + 2) {
            if (++ticksAboveTarget >= SHRINK_AFTER_TICKS) {
                packets.remove(packets.firstKey());
                next = packets.firstKey();
                ticksAboveTarget = 0;
                if (targetFrames > initialTarget) {
                    targetFrames--;
                }
            }
        } else {
            ticksAboveTarget = 0;
        }
    }

    private long extend(int seq) {
        if (highest == Long.MIN_VALUE) {
            highest = seq + 65536L; // keep extended numbers positive
            return highest;
        }
        int delta = (short) (seq - (int) (highest & 0xFFFF));
        long ext = highest + delta;
        highest = Math.max(highest, ext);
        return ext;
    }

    public synchronized long lostFrames() {
        return lost;
    }

    public synchronized long latePackets() {
        return late;
    }

    public synchronized long duplicatePackets() {
        return duplicates;
    }

    public synchronized int depth() {
        return packets.size();
    }

    public synchronized int targetFrames() {
        return targetFrames;
    }
}
