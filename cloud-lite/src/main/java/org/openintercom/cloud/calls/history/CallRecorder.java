package org.openintercom.cloud.calls.history;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SIP relay calls to leave a record of every call: {@link #callStarted} when the station's INVITE
 * arrives, {@link #targetsRung} for each wave of forks, {@link #answered} on the 200 OK, {@link #ended} on the
 * final response, CANCEL or BYE. Safe from any number of threads.
 *
 * <p>Threading: {@code callStarted} writes the row before it returns (one short INSERT), so a record is never lost
 * once it returned. The later events go, in order, onto one writer thread behind a bounded queue and return at
 * once, so a slow database does not hold up the SIP stack; if the queue is full an event is dropped with a warning
 * and its call stays open until the startup sweep (or the retention job, after a day) closes it with end cause
 * UNKNOWN. Every event is idempotent: a retransmitted INVITE, 200 OK or BYE changes nothing.
 *
 * <p>Crashes: create the recorder before the relay accepts calls; {@link #closeUnfinished()} (called by
 * {@link #start}) closes the calls a previous run left open.
 */
public final class CallRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);
    /** Events waiting for the writer at most; more are dropped (and their calls closed by a later sweep). */
    public static final int QUEUE_CAPACITY = 10_000;
    private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(10);

    private final CallHistoryStore store;
    private final Function<DeviceId, Optional<Scope>> stations;
    private final Clock clock;
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param stations where a station is (its site, project and company), empty if unknown or unclaimed
     */
    public CallRecorder(CallHistoryStore store, Function<DeviceId, Optional<Scope>> stations, Clock clock) {
        this(store, stations, clock, QUEUE_CAPACITY);
    }

    CallRecorder(CallHistoryStore store, Function<DeviceId, Optional<Scope>> stations, Clock clock, int capacity) {
        this.store = Objects.requireNonNull(store, "store");
        this.stations = Objects.requireNonNull(stations, "stations");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity),
                r -> Thread.ofPlatform().name("call-history-writer").daemon(true).unstarted(r),
                (r, executor) -> {
                    throw new RejectedExecutionException("call history queue is full");
                });
    }

    /** A recorder that has closed the calls a previous run left open (see {@link #closeUnfinished()}). */
    public static CallRecorder start(CallHistoryStore store, Function<DeviceId, Optional<Scope>> stations,
            Clock clock) {
        CallRecorder recorder = new CallRecorder(store, stations, clock);
        int closed = recorder.closeUnfinished();
        if (closed > 0) {
            LOG.info("Call history: closed {} calls the relay left open when it last stopped", closed);
        }
        return recorder;
    }

    /**
     * The startup sweep: every call started before now that has no end is closed with end cause UNKNOWN (FAILED
     * unless it was answered). Run it before the relay accepts calls.
     *
     * @return how many calls were closed
     */
    public int closeUnfinished() {
        Instant now = clock.instant();
        return store.closeUnfinished(now.plusMillis(1), now);
    }

    /**
     * Records a new call, synchronously: when this returns the row is in the database. A repeated INVITE (same
     * Call-ID) changes nothing.
     *
     * @return false if the call was already recorded
     * @throws org.openintercom.cloud.store.StoreException if the database cannot be written; the relay should log
     *         it and carry on with the call, which then has no record
     */
    public boolean callStarted(NewCall call) {
        Scope scope = stations.apply(call.station()).orElse(null);
        boolean inserted = store.insert(call, scope, clock.instant());
        if (!inserted) {
            LOG.debug("call {} is already recorded (repeated INVITE)", call.callId());
        }
        return inserted;
    }

    /**
     * Records, synchronously, a finished call a station reported itself (the relay never saw it). A repeated report
     * changes nothing; see {@link CallHistoryStore#insertReported}.
     */
    public ReportedCall.Outcome callReported(ReportedCall reported) {
        Scope scope = stations.apply(reported.call().station()).orElse(null);
        ReportedCall.Outcome outcome = store.insertReported(reported, scope, clock.instant());
        LOG.debug("call {} reported by station {}: {}", reported.call().callId(), reported.call().station(), outcome);
        return outcome;
    }

    /** Records that wave {@code wave} (1 = first) rang {@code targets}, in this order. */
    public void targetsRung(String callId, int wave, List<String> targets, Instant at) {
        List<String> copy = List.copyOf(targets);
        if (wave < 1) {
            throw new IllegalArgumentException("wave must be at least 1, was " + wave);
        }
        enqueue(callId, "targets rung", () -> store.addTargets(callId, wave, copy, at));
    }

    /** Records that {@code answeredBy} (a user id or contact URI) answered; repeated 200 OKs change nothing. */
    public void answered(String callId, String answeredBy, Instant at) {
        Objects.requireNonNull(at, "at");
        enqueue(callId, "answer", () -> store.answered(callId, answeredBy, at));
    }

    /** Records the end of the call; only the first end counts (a repeated BYE or CANCEL changes nothing). */
    public void ended(String callId, CallEnd end) {
        Objects.requireNonNull(end, "end");
        enqueue(callId, "end", () -> store.ended(callId, end));
    }

    /**
     * Waits until the events queued so far are written (tests; an orderly shutdown).
     *
     * @return whether they were written within {@code timeout}
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Future<?> marker = null;
            while (marker == null) {
                try {
                    marker = writer.submit(() -> { });
                } catch (RejectedExecutionException e) {
                    if (writer.isShutdown() || System.nanoTime() > deadline) {
                        return false;
                    }
                    Thread.sleep(5); // the queue is full: wait for room behind the events queued so far
                }
            }
            marker.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Events dropped because the queue was full since this recorder started. */
    public long droppedEvents() {
        return dropped.get();
    }

    private void enqueue(String callId, String what, Runnable write) {
        try {
            writer.execute(() -> {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    LOG.warn("call {}: cannot record the {} ({}); the call stays open until a sweep closes it",
                            callId, what, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) { // not once per event: a stuck database would flood the log
                LOG.warn("call {}: {} not recorded, the call history queue is full or closed ({} dropped so far)",
                        callId, what, n);
            }
        }
    }

    /** Writes what is queued (waiting up to 10 s), then stops the writer. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(DRAIN_ON_CLOSE.toMillis(), TimeUnit.MILLISECONDS)) {
                List<Runnable> left = writer.shutdownNow();
                LOG.warn("Call history: {} events not written at shutdown; their calls are closed at the next start",
                        left.size());
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
