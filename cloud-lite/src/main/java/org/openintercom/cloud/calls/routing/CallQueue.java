package org.openintercom.cloud.calls.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SequencedSet;

/**
 * The callers waiting for a ring group's members, first in first out, at most {@code maxSize}. Thread-safe: the
 * relay's call threads offer, remove and dequeue concurrently. Positions count from 1 (next to be served).
 *
 * <p>How the relay uses it: the router offers a call when every member is busy (or others already wait); when a
 * member becomes free the relay takes {@link #peekNext()} and routes it again: the router rings it and takes it out
 * of the queue. A caller who hangs up is {@link #remove(String) removed}.
 */
public final class CallQueue {

    private final String groupId;
    private final int maxSize;
    private final SequencedSet<String> waiting = new LinkedHashSet<>();

    public CallQueue(String groupId, int maxSize) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("queue of group " + groupId + ": maxSize must be >= 0, got "
                    + maxSize);
        }
        this.groupId = groupId;
        this.maxSize = maxSize;
    }

    public String groupId() {
        return groupId;
    }

    public int maxSize() {
        return maxSize;
    }

    /**
     * Adds the call at the end and returns its position, or empty when the queue is full. A call already waiting
     * keeps its place and gets its current position.
     */
    public synchronized OptionalInt offer(String callId) {
        OptionalInt current = position(callId);
        if (current.isPresent()) {
            return current;
        }
        if (waiting.size() >= maxSize) {
            return OptionalInt.empty();
        }
        waiting.add(callId);
        return OptionalInt.of(waiting.size());
    }

    /** The call's position (1: next), or empty when it is not waiting. */
    public synchronized OptionalInt position(String callId) {
        int i = 1;
        for (String c : waiting) {
            if (c.equals(callId)) {
                return OptionalInt.of(i);
            }
            i++;
        }
        return OptionalInt.empty();
    }

    /** The call to be served next, left in the queue. */
    public synchronized Optional<String> peekNext() {
        return waiting.isEmpty() ? Optional.empty() : Optional.of(waiting.getFirst());
    }

    /** Takes out and returns the call to be served next. */
    public synchronized Optional<String> dequeueNext() {
        return waiting.isEmpty() ? Optional.empty() : Optional.of(waiting.removeFirst());
    }

    /** Takes the call out (it hung up or is being rung); false when it was not waiting. */
    public synchronized boolean remove(String callId) {
        return waiting.remove(callId);
    }

    public synchronized boolean isFull() {
        return waiting.size() >= maxSize;
    }

    public synchronized int size() {
        return waiting.size();
    }

    /** The waiting calls, next first (a copy). */
    public synchronized List<String> snapshot() {
        return new ArrayList<>(waiting);
    }
}
