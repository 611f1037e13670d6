package org.openintercom.cloud.calls.routing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The queues of all ring groups, one per group id, created on first use with the group's {@code maxQueue}. A
 * group whose {@code maxQueue} changed gets a new, empty queue sized to match only once its queue is empty.
 */
public final class CallQueues {

    private final ConcurrentMap<String, CallQueue> queues = new ConcurrentHashMap<>();

    public CallQueue of(RingGroup group) {
        return queues.compute(group.id(), (id, q) ->
                q == null || q.maxSize() != group.maxQueue() && q.size() == 0 ? new CallQueue(id, group.maxQueue()) : q);
    }
}
