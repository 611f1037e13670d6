package org.openintercom.cloud.calls.sip;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.net.DatagramPacket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The queue between the relay's UDP reader thread and its SIP workers, bounded: a datagram that finds it full is
 * dropped (and counted), as the kernel drops one that finds the socket buffer full, instead of piling up until the
 * heap is gone. Each queued datagram keeps only its bytes: JAIN-SIP reads every datagram into a buffer of the
 * largest message size (64 KiB), which the queue trims to the datagram's length.
 */
final class IntakeQueue extends ArrayBlockingQueue<DatagramQueuedMessageDispatch> {

    private static final long serialVersionUID = 1L;

    private final transient LongAdder dropped = new LongAdder();

    IntakeQueue(int capacity) {
        super(capacity);
    }

    @Override
    public boolean offer(DatagramQueuedMessageDispatch dispatch) {
        DatagramPacket p = dispatch.packet;
        if (p.getOffset() != 0 || p.getLength() != p.getData().length) {
            p.setData(Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength()));
        }
        boolean queued = super.offer(dispatch);
        if (!queued) {
            dropped.increment();
        }
        return queued;
    }

    /** How long the oldest datagram waiting has waited, in ms at {@code nowMillis} (0 when none waits). */
    long oldestWaitMillis(long nowMillis) {
        DatagramQueuedMessageDispatch head = peek();
        return head == null ? 0 : Math.max(0, nowMillis - head.getReceptionTime());
    }

    /** Datagrams dropped because the queue was full, since the start. */
    long dropped() {
        return dropped.sum();
    }
}
