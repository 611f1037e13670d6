package org.openintercom.agent.calllog;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openintercom.agent.call.CallDirection;
import org.openintercom.agent.call.CallOutcome;
import org.openintercom.agent.call.CallState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's persistent call log: every step of every call is written to a {@link Journal} before the agent
 * moves on, so a call survives a crash or power cut. Calls that were live when the agent died are closed as
 * {@link CallOutcome#INTERRUPTED} when the log is opened again.
 */
public final class CallLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallLog.class);

    private final Journal<CallLogEntry> journal;
    private final Clock clock;
    private final Map<String, CallRecord> records = new LinkedHashMap<>();

    private CallLog(Path file, Clock clock) {
        this.journal = new Journal<>(file, CallLogEntry.class);
        this.clock = clock;
        for (CallLogEntry entry : journal.readAll()) {
            apply(entry);
        }
    }

    /** Opens (or creates) the log in {@code file} and closes calls a previous run left live. */
    public static CallLog open(Path file, Clock clock) {
        CallLog log = new CallLog(file, clock);
        List<String> interrupted = log.records.values().stream().filter(CallRecord::live).map(CallRecord::callId)
                .toList();
        for (String callId : interrupted) {
            log.write(CallLogEntry.ended(callId, clock.instant(), CallOutcome.INTERRUPTED.name(),
                    "the agent stopped during the call"));
        }
        if (!interrupted.isEmpty()) {
            LOG.info("call log {}: {} call(s) interrupted by the last stop were closed", file, interrupted.size());
        }
        return log;
    }

    public Path file() {
        return journal.file();
    }

    public synchronized void started(String callId, CallDirection direction, String remote, String button) {
        write(CallLogEntry.started(callId, clock.instant(), direction.name(), remote, button == null ? "" : button));
    }

    public synchronized void state(String callId, CallState state) {
        write(CallLogEntry.state(callId, clock.instant(), state.name()));
    }

    public synchronized void snapshot(String callId, Path jpeg) {
        write(CallLogEntry.snapshot(callId, clock.instant(), jpeg.toString()));
    }

    public synchronized void codec(String callId, String codec) {
        write(CallLogEntry.media(callId, clock.instant(), codec));
    }

    public synchronized void doorOpened(String callId, String how) {
        write(CallLogEntry.door(callId, clock.instant(), how));
    }

    public synchronized void ended(String callId, CallOutcome outcome, String detail) {
        write(CallLogEntry.ended(callId, clock.instant(), outcome.name(), detail));
    }

    /** All calls, oldest first. */
    public synchronized List<CallRecord> records() {
        return new ArrayList<>(records.values());
    }

    public synchronized Optional<CallRecord> find(String callId) {
        return Optional.ofNullable(records.get(callId));
    }

    private void write(CallLogEntry entry) {
        journal.append(entry);
        apply(entry);
    }

    private void apply(CallLogEntry e) {
        if (e.callId() == null || e.kind() == null) {
            return;
        }
        if (e.kind().equals("started")) {
            records.put(e.callId(), new CallRecord(e.callId(), CallDirection.valueOf(e.direction()), e.remote(),
                    e.button(), e.at(), Optional.empty(), Optional.empty(), Optional.empty(), "", Optional.empty(),
                    Optional.empty(), 0));
            return;
        }
        CallRecord r = records.get(e.callId());
        if (r == null) {
            LOG.warn("{}: entry '{}' for unknown call {} ignored", journal.file(), e.kind(), e.callId());
            return;
        }
        CallRecord updated = switch (e.kind()) {
            case "state" -> CallState.CONNECTED.name().equals(e.state()) && r.connectedAt().isEmpty()
                    ? withConnected(r, e.at()) : r;
            case "snapshot" -> new CallRecord(r.callId(), r.direction(), r.remote(), r.button(), r.startedAt(),
                    r.connectedAt(), r.endedAt(), r.outcome(), r.endDetail(), r.codec(),
                    Optional.of(Path.of(e.snapshot())), r.doorOpenings());
            case "media" -> new CallRecord(r.callId(), r.direction(), r.remote(), r.button(), r.startedAt(),
                    r.connectedAt(), r.endedAt(), r.outcome(), r.endDetail(), Optional.ofNullable(e.codec()),
                    r.snapshot(), r.doorOpenings());
            case "door" -> new CallRecord(r.callId(), r.direction(), r.remote(), r.button(), r.startedAt(),
                    r.connectedAt(), r.endedAt(), r.outcome(), r.endDetail(), r.codec(), r.snapshot(),
                    r.doorOpenings() + 1);
            case "ended" -> r.live() ? new CallRecord(r.callId(), r.direction(), r.remote(), r.button(),
                    r.startedAt(), r.connectedAt(), Optional.of(e.at()),
                    Optional.of(CallOutcome.valueOf(e.outcome())), e.detail() == null ? "" : e.detail(), r.codec(),
                    r.snapshot(), r.doorOpenings()) : r;
            default -> r;
        };
        records.put(e.callId(), updated);
    }

    private static CallRecord withConnected(CallRecord r, Instant at) {
        return new CallRecord(r.callId(), r.direction(), r.remote(), r.button(), r.startedAt(), Optional.of(at),
                r.endedAt(), r.outcome(), r.endDetail(), r.codec(), r.snapshot(), r.doorOpenings());
    }

    @Override
    public void close() {
        journal.close();
    }
}
