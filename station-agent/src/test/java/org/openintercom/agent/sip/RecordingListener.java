package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test listener that queues every engine event so tests can wait for them in order. */
final class RecordingListener implements CallEngineListener {

    /** One reported event. */
    record Event(String kind, String callId, Object detail) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final List<Event> all = new CopyOnWriteArrayList<>();

    @Override
    public void onIncoming(IncomingCall call) {
        add(new Event("incoming", call.callId(), call));
    }

    @Override
    public void onProgress(String callId, ProgressKind kind) {
        add(new Event("progress", callId, kind));
    }

    @Override
    public void onConnected(String callId, NegotiatedMedia media) {
        add(new Event("connected", callId, media));
    }

    @Override
    public void onDtmf(String callId, char digit, DtmfMode via) {
        add(new Event("dtmf", callId, digit + "/" + via));
    }

    @Override
    public void onTrying(String callId) {
        add(new Event("trying", callId, null));
    }

    @Override
    public void onEnded(String callId, CallEnd end) {
        add(new Event("ended", callId, end));
    }

    @Override
    public void onRegistration(RegistrationStatus status) {
        add(new Event("registration", null, status));
    }

    private void add(Event e) {
        all.add(e);
        events.add(e);
    }

    /** Waits for the next event of {@code kind}, skipping others; fails after {@code timeout}. */
    Event await(String kind, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Event e = events.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
                assertThat(e).as("waiting for '%s'; events so far: %s", kind, all).isNotNull();
                if (e.kind().equals(kind)) {
                    return e;
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    Event await(String kind) {
        return await(kind, Duration.ofSeconds(10));
    }

    long count(String kind) {
        return all.stream().filter(e -> e.kind().equals(kind)).count();
    }
}
