package org.openintercom.agent.media.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns queued DTMF digits into RFC 4733 packets, one per 20 ms tick: five updates covering 100 ms (marker on
 * the first), then three end packets; all packets of an event carry the timestamp of its start. Used from the
 * send tick only, digits may be queued from any thread.
 */
final class DtmfSender {

    private static final int UPDATES = 5;
    private static final int END_PACKETS = 3;

    private final Deque<Integer> queue = new ArrayDeque<>();
    private int event = -1;
    private long startTimestamp;
    private int sent;

    /** Queues a digit; false if it is not a DTMF digit. */
    synchronized boolean queue(char digit) {
        int code = TelephoneEvents.code(digit);
        if (code < 0) {
            return false;
        }
        queue.add(code);
        return true;
    }

    /**
     * The event packet for this tick, or null when no event is in progress (send audio then).
     * {@code timestamp} is this tick's audio timestamp, {@code step} the clock units per 20 ms.
     */
    synchronized RtpPacket next(int payloadType, int sequence, long timestamp, long ssrc, int step) {
        if (event < 0) {
            if (queue.isEmpty()) {
                return null;
            }
            event = queue.poll();
            startTimestamp = timestamp;
            sent = 0;
        }
        sent++;
        boolean end = sent > UPDATES;
        int duration = Math.min(sent, UPDATES) * step;
        RtpPacket p = new RtpPacket(sent == 1, payloadType, sequence, startTimestamp, ssrc,
                TelephoneEvents.payload(event, end, duration));
        if (sent == UPDATES + END_PACKETS) {
            event = -1;
        }
        return p;
    }
}
