package org.openintercom.agent.media.internal;

/**
 * What the jitter buffer gives for one 20 ms playout tick: a packet to decode, a lost frame to conceal (with
 * the following packet's payload for FEC when it is already there), or nothing yet (buffering/idle).
 */
public record Playout(Kind kind, RtpPacket packet, byte[] nextPayload) {

    /** The three outcomes of a tick. */
    public enum Kind { PACKET, LOST, IDLE }

    static final Playout IDLE = new Playout(Kind.IDLE, null, null);

    static Playout packet(RtpPacket p) {
        return new Playout(Kind.PACKET, p, null);
    }

    static Playout lost(byte[] next) {
        return new Playout(Kind.LOST, null, next);
    }
}
