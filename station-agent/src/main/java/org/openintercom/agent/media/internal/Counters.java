package org.openintercom.agent.media.internal;

import java.util.concurrent.atomic.AtomicLong;

/** The media counters of one session, updated from the tick and receiver threads. */
final class Counters {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicLong concealed = new AtomicLong();
    final AtomicLong dtmfReceived = new AtomicLong();
}
