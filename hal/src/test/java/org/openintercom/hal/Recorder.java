package org.openintercom.hal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** A listener for tests that keeps every event and lets the test wait for the next one or for a condition. */
public final class Recorder<T> implements Consumer<T> {

    private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final List<T> all = new ArrayList<>();

    @Override
    public synchronized void accept(T event) {
        all.add(event);
        queue.add(event);
    }

    /** The next event not yet taken, waiting up to {@code timeout}; an AssertionError if none comes. */
    public T next(Duration timeout) {
        try {
            T event = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + timeout + "; so far " + all());
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every event so far. */
    public synchronized List<T> all() {
        return List.copyOf(all);
    }

    /** Waits until {@code condition} holds; an AssertionError after {@code timeout}. */
    public static void await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            sleep(Duration.ofMillis(5));
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
