package org.openintercom.hal.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared daemon threads of the HAL: one scheduler for debounce and pulse timers, one dispatcher that calls
 * listeners in order, off the timer thread and off the caller's thread.
 */
public final class HalScheduler {

    private static final ScheduledExecutorService TIMERS =
            Executors.newSingleThreadScheduledExecutor(daemon("hal-timer"));
    private static final ExecutorService DISPATCHER = Executors.newSingleThreadExecutor(daemon("hal-events"));

    private HalScheduler() {
    }

    /** The scheduler for timers; tasks must be short and must not call listeners directly. */
    public static ScheduledExecutorService timers() {
        return TIMERS;
    }

    /** The single thread that calls listeners, in the order events happened. */
    public static Executor dispatcher() {
        return DISPATCHER;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
