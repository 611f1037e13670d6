package org.openintercom.agent.sip;

import java.util.function.Supplier;

/**
 * A {@link CallEngine} whose adapter can be replaced while the station runs, e.g. when the station has been
 * enrolled and from then on shows its device certificate and registers with the cloud's relay. The caller swaps
 * only when no call is live: calls of the old engine are not carried over.
 */
public final class SwappableCallEngine extends ForwardingCallEngine {

    private volatile CallEngine current;
    private volatile CallEngineListener listener;

    public SwappableCallEngine(CallEngine first) {
        this.current = first;
    }

    /**
     * Stops the current engine and starts {@code next} with the same listener. When {@code next} cannot start, the
     * old configuration is started again from {@code fallback} and the failure is rethrown.
     */
    public synchronized void swap(CallEngine next, Supplier<CallEngine> fallback) {
        CallEngineListener l = listener;
        CallEngine old = current;
        old.close();
        if (l == null) {
            current = next;
            return;
        }
        try {
            next.start(l);
            current = next;
        } catch (RuntimeException e) {
            next.close();
            CallEngine again = fallback.get();
            again.start(l);
            current = again;
            throw e;
        }
    }

    /** The engine in use now. */
    public CallEngine current() {
        return current;
    }

    @Override
    protected CallEngine delegate() {
        return current;
    }

    @Override
    public synchronized void start(CallEngineListener listener) {
        this.listener = listener;
        current.start(listener);
    }

    @Override
    public synchronized void close() {
        current.close();
    }
}
