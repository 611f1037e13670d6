package org.openintercom.agent.media.internal;

/**
 * Recognises RFC 4733 events in received packets and reports each event once, on the first packet with a new
 * timestamp; updates and retransmitted end packets of the same event (same timestamp) are ignored.
 */
final class DtmfReceiver {

    private long lastTimestamp = -1;

    /** The digit to report for this telephone-event packet, or 0 if nothing new (or not a DTMF event). */
    char onPacket(RtpPacket packet) {
        byte[] p = packet.payload();
        if (p.length < 4 || packet.timestamp() == lastTimestamp) {
            return 0;
        }
        char digit = TelephoneEvents.digit(p[0] & 0xFF);
        if (digit != 0) {
            lastTimestamp = packet.timestamp();
        }
        return digit;
    }
}
