package org.openintercom.simulator.bench;

import java.util.BitSet;

/**
 * Loss of one RTP stream counted by sequence number at the receiver: each arriving sequence number is extended past
 * 16-bit wrap-around (taking the candidate nearest to the highest seen so far, as RFC 3550 A.1 does) and marked in
 * a bit set, so duplicates are not counted twice and reordering does not matter. At the end, the packets the sender
 * says it sent minus the distinct ones that arrived are the missing ones. Not thread-safe: one receiver thread.
 */
final class SequenceLoss {

    private static final int SEQUENCE_SPACE = 1 << 16;

    private final int firstSequence;
    private final BitSet seen = new BitSet();
    private long highest = -1;
    private long distinct;
    private long duplicates;

    /** A stream whose first packet carries {@code firstSequence} (0..65535). */
    SequenceLoss(int firstSequence) {
        if (firstSequence < 0 || firstSequence >= SEQUENCE_SPACE) {
            throw new IllegalArgumentException("sequence number " + firstSequence + " is outside 0..65535");
        }
        this.firstSequence = firstSequence;
    }

    /** A packet with RTP sequence number {@code sequence} (0..65535) arrived. */
    void received(int sequence) {
        long delta = (sequence - firstSequence) & (SEQUENCE_SPACE - 1);
        long index = delta;
        if (highest >= 0) {
            long cycle = Math.floorDiv(highest + SEQUENCE_SPACE / 2 - delta, SEQUENCE_SPACE);
            index = Math.max(0, cycle) * SEQUENCE_SPACE + delta;
        }
        if (index > Integer.MAX_VALUE) {
            throw new IllegalStateException("stream longer than " + Integer.MAX_VALUE + " packets");
        }
        if (seen.get((int) index)) {
            duplicates++;
            return;
        }
        seen.set((int) index);
        distinct++;
        highest = Math.max(highest, index);
    }

    /** Packets that arrived, each sequence number counted once. */
    long distinct() {
        return distinct;
    }

    long duplicates() {
        return duplicates;
    }

    /** The packets of the first {@code sent} that never arrived. */
    long missing(long sent) {
        long arrived = sent >= Integer.MAX_VALUE ? distinct : seen.get(0, (int) sent).cardinality();
        return sent - arrived;
    }
}
