package org.openintercom.hal.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.openintercom.hal.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A list of listeners notified on a dispatcher thread; a listener that throws is logged and kept. */
public final class Listeners<T> {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final String owner;
    private final Executor dispatcher;
    private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();

    public Listeners(String owner) {
        this(owner, HalScheduler.dispatcher());
    }

    public Listeners(String owner, Executor dispatcher) {
        this.owner = owner;
        this.dispatcher = dispatcher;
    }

    public Subscription add(Consumer<T> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Hands {@code event} to every listener on the dispatcher thread and returns at once. */
    public void fire(T event) {
        if (listeners.isEmpty()) {
            return;
        }
        List<Consumer<T>> snapshot = List.copyOf(listeners);
        dispatcher.execute(() -> {
            for (Consumer<T> listener : snapshot) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("listener of {} failed on {}", owner, event, e);
                }
            }
        });
    }

    public void clear() {
        listeners.clear();
    }
}
