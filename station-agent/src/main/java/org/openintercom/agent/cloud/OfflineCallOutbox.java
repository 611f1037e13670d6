package org.openintercom.agent.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.agent.call.CallDirection;
import org.openintercom.agent.calllog.CallRecord;
import org.openintercom.agent.calllog.Journal;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.StationCallReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's records of calls the cloud's relay did not see (mesh calls while the cloud was unreachable),
 * waiting to be delivered to the cloud's call history. Journaled: a record is on disk before {@link #add} returns
 * and leaves only once the cloud acknowledged it ({@link #delivered}) or refused it for good ({@link #refused}),
 * so a restart in between sends it again (the cloud is idempotent by Call-ID). Settled records are dropped from
 * the file when it is opened and whenever nothing is left to send.
 */
public final class OfflineCallOutbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OfflineCallOutbox.class);

    /** One journal line: a record {@code added}, or {@code delivered} / {@code refused} by the cloud. */
    record Entry(String kind, String callId, StationCallReport report, String detail) {
    }

    private final Path file;
    private final String station;
    private final Map<String, StationCallReport> pending = new LinkedHashMap<>();
    private Journal<Entry> journal;
    private volatile Runnable onAdded = () -> { };

    private OfflineCallOutbox(Path file, String station) {
        this.file = file;
        this.station = station;
        Journal<Entry> read = new Journal<>(file, Entry.class, ChannelJson.mapper());
        for (Entry e : read.readAll()) {
            if (e.callId() == null || e.kind() == null) {
                continue;
            }
            switch (e.kind()) {
                case "added" -> {
                    if (e.report() != null) {
                        pending.put(e.callId(), e.report());
                    }
                }
                case "delivered", "refused" -> pending.remove(e.callId());
                default -> LOG.warn("{}: unknown entry '{}' for call {} ignored", file, e.kind(), e.callId());
            }
        }
        read.close();
        this.journal = rewrite();
    }

    /**
     * Opens (or creates) the outbox in {@code file} for the station {@code station} (its device id, which every
     * report names); records left undelivered by the last run are pending again.
     */
    public static OfflineCallOutbox open(Path file, String station) {
        OfflineCallOutbox outbox = new OfflineCallOutbox(file, station);
        if (!outbox.pending.isEmpty()) {
            LOG.info("{} call record(s) from before the restart still wait for the cloud", outbox.pending.size());
        }
        return outbox;
    }

    /** Runs {@code listener} after each {@link #add} (the deliverer tries to send at once). */
    void onAdded(Runnable listener) {
        this.onAdded = Objects.requireNonNull(listener);
    }

    /**
     * Queues a finished call this station placed without the relay for delivery: the integration point for mesh
     * calls.
     *
     * @param call        the finished outgoing call from the station's call log
     * @param target      what the button dials through the cloud (the ring group, user or station name)
     * @param targetsRung the stations (device ids) rung directly, in order
     * @param answeredBy  the station that answered, if one did
     * @return the report queued
     * @throws IllegalArgumentException if the call is live or incoming, or does not make a valid report
     */
    public StationCallReport add(CallRecord call, String target, List<String> targetsRung,
            Optional<String> answeredBy) {
        if (call.live()) {
            throw new IllegalArgumentException("call " + call.callId() + " is still live: queue it once it ended");
        }
        if (call.direction() != CallDirection.OUTGOING) {
            throw new IllegalArgumentException("call " + call.callId() + " is incoming: its caller reports it");
        }
        StationCallReport report = new StationCallReport(call.callId(), station,
                Optional.ofNullable(call.button()).filter(b -> !b.isEmpty()), target, targetsRung, answeredBy,
                StationCallReport.Outcome.valueOf(call.outcome().orElseThrow().name()), call.startedAt(),
                call.connectedAt(), call.endedAt().orElse(call.startedAt()));
        add(report);
        return report;
    }

    /** Queues {@code report} (one of this station's calls); queuing the same Call-ID again replaces it. */
    public void add(StationCallReport report) {
        if (!report.station().equals(station)) {
            throw new IllegalArgumentException("station: " + report.station() + " is not this station (" + station
                    + ")");
        }
        synchronized (this) {
            journal.append(new Entry("added", report.callId(), report, null));
            pending.put(report.callId(), report);
        }
        LOG.debug("call {} queued for the cloud", report.callId());
        onAdded.run();
    }

    /** The records waiting for the cloud, oldest first. */
    public synchronized List<StationCallReport> pending() {
        return new ArrayList<>(pending.values());
    }

    /** The cloud acknowledged {@code callId} (recorded now or before): it leaves the outbox. */
    public synchronized void delivered(String callId) {
        settle("delivered", callId, null);
    }

    /** The cloud refused {@code callId} for good (a 4xx): it leaves the outbox, the reason stays in the log. */
    public synchronized void refused(String callId, String why) {
        LOG.warn("the cloud refused the record of call {}: {}; it is not sent again", callId, why);
        settle("refused", callId, why);
    }

    private void settle(String kind, String callId, String detail) {
        if (pending.remove(callId) == null) {
            return;
        }
        journal.append(new Entry(kind, callId, null, detail));
        if (pending.isEmpty()) {
            journal.close();
            journal = rewrite();
        }
    }

    /** Writes the pending records to a new file and puts it in place of the old one in one atomic move. */
    private Journal<Entry> rewrite() {
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.deleteIfExists(temp);
            try (Journal<Entry> fresh = new Journal<>(temp, Entry.class, ChannelJson.mapper())) {
                pending.values().forEach(r -> fresh.append(new Entry("added", r.callId(), r, null)));
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the call outbox " + file + ": " + e.getMessage(), e);
        }
        return new Journal<>(file, Entry.class, ChannelJson.mapper());
    }

    @Override
    public synchronized void close() {
        journal.close();
    }
}
