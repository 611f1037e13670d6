package org.openintercom.cloud.calls.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.cloud.store.Database;
import org.openintercom.cloud.store.Jdbc;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * The call history tables (V5): calls, the targets rung for them and the caller snapshots stations uploaded.
 * Each method is one short transaction. Updates are written so that a repeated event changes nothing: a call is
 * inserted once, answered once and ended once.
 */
public final class CallHistoryStore {

    private static final String CALL_COLUMNS = "SELECT c.call_id, c.station_id, c.caller_display, c.caller_uri,"
            + " c.target, c.target_kind, c.answered_by, c.status, c.sip_status, c.sip_reason, c.started_at,"
            + " c.answered_at, c.ended_at, c.end_cause, c.routing, c.company_id, c.project_id, c.site_id,"
            + " s.file_name AS snapshot_file FROM calls c LEFT JOIN call_snapshots s"
            + " ON s.station_id = c.station_id AND s.call_id = c.call_id";

    private final Database db;

    public CallHistoryStore(Database db) {
        this.db = db;
    }

    // ---- writing calls ----

    /**
     * Stores a new IN_PROGRESS call; {@code scope} is where the station is (null if unknown).
     *
     * @return false if a call with that Call-ID is already stored (a repeated INVITE): nothing is changed
     */
    public boolean insert(NewCall call, Scope scope, Instant now) {
        try {
            return db.inTransaction("record call " + call.callId(), c -> insertRow(c, call, scope, now) == 1);
        } catch (RuntimeException e) {
            if (isUniqueViolation(e) && find(call.callId()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    /** Inserts {@code call} as IN_PROGRESS; how many rows were inserted. */
    private static int insertRow(Connection c, NewCall call, Scope scope, Instant now) throws SQLException {
        return Jdbc.update(c, "INSERT INTO calls (call_id, station_id, caller_display, caller_uri, target, target_kind,"
                + " status, started_at, routing, company_id, project_id, site_id, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, 'IN_PROGRESS', ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, call.callId());
                    ps.setString(2, call.station().value());
                    ps.setString(3, call.callerDisplay());
                    ps.setString(4, call.callerUri());
                    ps.setString(5, call.target());
                    ps.setString(6, call.targetKind().name());
                    Jdbc.setInstantMicros(ps, 7, call.startedAt());
                    ps.setString(8, call.routing());
                    Jdbc.setLong(ps, 9, scope == null ? null : scope.companyId());
                    Jdbc.setLong(ps, 10, scope == null ? null : scope.projectId());
                    Jdbc.setLong(ps, 11, scope == null ? null : scope.siteId());
                    Jdbc.setInstantMicros(ps, 12, now);
                });
    }

    /**
     * Stores a finished call a station reported itself, with the targets it rang (wave 1) and its end, in one
     * transaction; {@code scope} is where the station is (null if unknown). Idempotent by Call-ID and station: a
     * repeated report changes nothing, and a Call-ID another station's call has is refused.
     */
    public ReportedCall.Outcome insertReported(ReportedCall reported, Scope scope, Instant now) {
        NewCall call = reported.call();
        try {
            return db.inTransaction("record reported call " + call.callId(), c -> {
                Optional<ReportedCall.Outcome> known = Jdbc.list(c, "SELECT station_id FROM calls WHERE call_id = ?",
                        ps -> ps.setString(1, call.callId()), rs -> rs.getString(1)).stream().findFirst()
                        .map(station -> station.equals(call.station().value())
                                ? ReportedCall.Outcome.ALREADY_RECORDED : ReportedCall.Outcome.ANOTHER_STATIONS);
                if (known.isPresent()) {
                    return known.get();
                }
                CallEnd end = reported.end();
                insertRow(c, call, scope, now);
                Jdbc.update(c, "UPDATE calls SET answered_by = ?, answered_at = ?, status = ?, sip_status = ?,"
                        + " sip_reason = ?, ended_at = ?, end_cause = ? WHERE call_id = ?", ps -> {
                            ps.setString(1, Texts.clip(reported.answeredBy(), 512));
                            Jdbc.setInstantMicros(ps, 2, reported.answeredAt());
                            ps.setString(3, (reported.answeredAt() != null ? DialStatus.ANSWERED : end.status())
                                    .name());
                            Jdbc.setInt(ps, 4, end.sipStatus());
                            ps.setString(5, end.sipReason());
                            Jdbc.setInstantMicros(ps, 6, end.endedAt());
                            ps.setString(7, end.cause().name());
                            ps.setString(8, call.callId());
                        });
                List<String> targets = reported.targetsRung().stream().map(t -> Texts.clip(t, 512)).distinct()
                        .toList();
                for (int i = 0; i < targets.size(); i++) {
                    int position = i;
                    Jdbc.update(c, "INSERT INTO call_targets (call_id, wave, position, target, rung_at)"
                            + " VALUES (?, 1, ?, ?, ?)", ps -> {
                                ps.setString(1, call.callId());
                                ps.setInt(2, position);
                                ps.setString(3, targets.get(position));
                                Jdbc.setInstantMicros(ps, 4, call.startedAt());
                            });
                }
                return ReportedCall.Outcome.RECORDED;
            });
        } catch (RuntimeException e) {
            // the same report arriving twice at once: the loser finds the winner's row
            Optional<DeviceId> station = isUniqueViolation(e) ? stationOf(call.callId()) : Optional.empty();
            if (station.isPresent()) {
                return station.get().equals(call.station()) ? ReportedCall.Outcome.ALREADY_RECORDED
                        : ReportedCall.Outcome.ANOTHER_STATIONS;
            }
            throw e;
        }
    }

    /**
     * Adds the targets of one wave in the given order; targets already recorded for that wave are kept as they
     * were (a repeated event adds nothing).
     *
     * @return how many targets were added
     */
    public int addTargets(String callId, int wave, List<String> targets, Instant rungAt) {
        return db.inTransaction("record targets of call " + callId, c -> {
            if (Jdbc.list(c, "SELECT 1 FROM calls WHERE call_id = ?", ps -> ps.setString(1, callId), rs -> 1).isEmpty()) {
                return 0;
            }
            Set<String> known = new java.util.HashSet<>(Jdbc.list(c, "SELECT target FROM call_targets WHERE call_id = ? AND wave = ?",
                    ps -> {
                        ps.setString(1, callId);
                        ps.setInt(2, wave);
                    }, rs -> rs.getString(1)));
            int added = 0;
            for (int i = 0; i < targets.size(); i++) {
                String target = Texts.clip(targets.get(i), 512);
                if (!known.add(target)) {
                    continue; // recorded already, or twice in this list
                }
                int position = i;
                added += Jdbc.update(c, "INSERT INTO call_targets (call_id, wave, position, target, rung_at)"
                        + " VALUES (?, ?, ?, ?, ?)", ps -> {
                            ps.setString(1, callId);
                            ps.setInt(2, wave);
                            ps.setInt(3, position);
                            ps.setString(4, target);
                            Jdbc.setInstantMicros(ps, 5, rungAt);
                        });
            }
            if (added > 0) {
                touch(c, callId, rungAt);
            }
            return added;
        });
    }

    /**
     * Records who answered and when; an open IN_PROGRESS call becomes ANSWERED.
     *
     * @return false if the call is unknown or was already answered
     */
    public boolean answered(String callId, String answeredBy, Instant at) {
        return db.inTransaction("record answer of call " + callId, c -> Jdbc.update(c, "UPDATE calls SET"
                + " answered_at = ?, answered_by = ?, status = CASE WHEN status = 'IN_PROGRESS' THEN 'ANSWERED'"
                + " ELSE status END, updated_at = ? WHERE call_id = ? AND answered_at IS NULL", ps -> {
                    Jdbc.setInstantMicros(ps, 1, at);
                    ps.setString(2, Texts.clip(answeredBy, 512));
                    Jdbc.setInstantMicros(ps, 3, at);
                    ps.setString(4, callId);
                }) == 1);
    }

    /**
     * Records the end of an open call; an answered call stays ANSWERED whatever status {@code end} gives.
     *
     * @return false if the call is unknown or already ended (a repeated BYE or CANCEL)
     */
    public boolean ended(String callId, CallEnd end) {
        return db.inTransaction("record end of call " + callId, c -> Jdbc.update(c, "UPDATE calls SET"
                + " status = CASE WHEN answered_at IS NOT NULL THEN 'ANSWERED' ELSE ? END, sip_status = ?,"
                + " sip_reason = ?, ended_at = ?, end_cause = ?, updated_at = ?"
                + " WHERE call_id = ? AND end_cause IS NULL", ps -> {
                    ps.setString(1, end.status().name());
                    Jdbc.setInt(ps, 2, end.sipStatus());
                    ps.setString(3, end.sipReason());
                    Jdbc.setInstantMicros(ps, 4, end.endedAt());
                    ps.setString(5, end.cause().name());
                    Jdbc.setInstantMicros(ps, 6, end.endedAt());
                    ps.setString(7, callId);
                }) == 1);
    }

    /**
     * Closes the calls started before {@code startedBefore} that never ended: end cause UNKNOWN, no end time,
     * FAILED unless they were answered.
     *
     * @return how many calls were closed
     */
    public int closeUnfinished(Instant startedBefore, Instant now) {
        return db.inTransaction("close unfinished calls", c -> Jdbc.update(c, "UPDATE calls SET"
                + " status = CASE WHEN answered_at IS NULL THEN 'FAILED' ELSE 'ANSWERED' END, end_cause = 'UNKNOWN',"
                + " updated_at = ? WHERE end_cause IS NULL AND started_at < ?", ps -> {
                    Jdbc.setInstantMicros(ps, 1, now);
                    Jdbc.setInstantMicros(ps, 2, startedBefore);
                }));
    }

    /**
     * Deletes up to {@code batch} of the oldest calls started before {@code cutoff} (with their targets).
     *
     * @return how many were deleted; fewer than {@code batch} means none is left
     */
    public int deleteStartedBefore(Instant cutoff, int batch) {
        return db.inTransaction("delete old calls", c -> Jdbc.update(c, "DELETE FROM calls WHERE call_id IN"
                + " (SELECT call_id FROM calls WHERE started_at < ? ORDER BY started_at FETCH FIRST " + batch
                + " ROWS ONLY)", ps -> Jdbc.setInstantMicros(ps, 1, cutoff)));
    }

    private static void touch(Connection c, String callId, Instant now) throws SQLException {
        Jdbc.update(c, "UPDATE calls SET updated_at = ? WHERE call_id = ?", ps -> {
            Jdbc.setInstantMicros(ps, 1, now);
            ps.setString(2, callId);
        });
    }

    // ---- reading calls ----

    /** The call with {@code callId}, whoever may see it. */
    public Optional<CallRecord> find(String callId) {
        return db.read("find call " + callId, c -> withTargets(c, Jdbc.list(c, CALL_COLUMNS + " WHERE c.call_id = ?",
                ps -> ps.setString(1, callId), CallHistoryStore::call))).stream().findFirst();
    }

    /** The station that placed call {@code callId}, if it is recorded. */
    public Optional<DeviceId> stationOf(String callId) {
        return db.read("find station of call " + callId, c -> Jdbc.list(c,
                "SELECT station_id FROM calls WHERE call_id = ?", ps -> ps.setString(1, callId),
                rs -> new DeviceId(rs.getString(1)))).stream().findFirst();
    }

    /** One page of the calls matching {@code query}, newest first. */
    public CallPage page(CallQuery query) {
        if (query.visibility().isNothing()) {
            return new CallPage(List.of(), Optional.empty());
        }
        StringBuilder sql = new StringBuilder(CALL_COLUMNS).append(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        Visibility v = query.visibility();
        if (!v.everything()) {
            List<String> any = new ArrayList<>();
            in(any, args, "c.company_id", v.companyIds());
            in(any, args, "c.project_id", v.projectIds());
            in(any, args, "c.site_id", v.siteIds());
            sql.append(" AND (").append(String.join(" OR ", any)).append(")");
        }
        if (query.from() != null) {
            sql.append(" AND c.started_at >= ?");
            args.add(query.from());
        }
        if (query.to() != null) {
            sql.append(" AND c.started_at < ?");
            args.add(query.to());
        }
        if (!query.statuses().isEmpty()) {
            sql.append(" AND c.status IN (").append(Jdbc.marks(query.statuses().size())).append(")");
            query.statuses().stream().map(Enum::name).sorted().forEach(s -> args.add(s));
        }
        if (query.station() != null) {
            sql.append(" AND c.station_id = ?");
            args.add(query.station().value());
        }
        if (query.siteId() != null) {
            sql.append(" AND c.site_id = ?");
            args.add(query.siteId());
        }
        if (query.after() != null) {
            sql.append(" AND (c.started_at < ? OR (c.started_at = ? AND c.call_id < ?))");
            args.add(query.after().startedAt());
            args.add(query.after().startedAt());
            args.add(query.after().callId());
        }
        sql.append(" ORDER BY c.started_at DESC, c.call_id DESC FETCH FIRST ").append(query.limit() + 1)
                .append(" ROWS ONLY");
        List<CallRecord> rows = db.read("list calls", c -> withTargets(c, Jdbc.list(c, sql.toString(), ps -> {
            for (int i = 0; i < args.size(); i++) {
                bind(ps, i + 1, args.get(i));
            }
        }, CallHistoryStore::call)));
        if (rows.size() <= query.limit()) {
            return new CallPage(rows, Optional.empty());
        }
        List<CallRecord> page = rows.subList(0, query.limit());
        return new CallPage(page, Optional.of(CallCursor.after(page.get(page.size() - 1))));
    }

    // ---- snapshots ----

    /**
     * Records (or replaces) the snapshot of {@code station}'s call {@code callId}.
     *
     * @return the snapshot it replaced, if any (its file is no longer referenced)
     */
    public Optional<StoredSnapshot> putSnapshot(StoredSnapshot snapshot) {
        return db.inTransaction("record snapshot of call " + snapshot.callId(), c -> {
            Optional<StoredSnapshot> old = snapshot(c, snapshot.station(), snapshot.callId());
            Jdbc.update(c, "DELETE FROM call_snapshots WHERE station_id = ? AND call_id = ?", ps -> {
                ps.setString(1, snapshot.station().value());
                ps.setString(2, snapshot.callId());
            });
            Jdbc.update(c, "INSERT INTO call_snapshots (station_id, call_id, file_name, size_bytes, uploaded_at)"
                    + " VALUES (?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, snapshot.station().value());
                        ps.setString(2, snapshot.callId());
                        ps.setString(3, snapshot.fileName());
                        ps.setLong(4, snapshot.sizeBytes());
                        Jdbc.setInstantMicros(ps, 5, snapshot.uploadedAt());
                    });
            return old;
        });
    }

    /** The snapshot {@code station} uploaded for {@code callId}. */
    public Optional<StoredSnapshot> snapshot(DeviceId station, String callId) {
        return db.read("find snapshot of call " + callId, c -> snapshot(c, station, callId));
    }

    /** How many snapshots {@code station} uploaded for Call-IDs that are not (yet) recorded as its calls. */
    public int unlinkedSnapshots(DeviceId station) {
        return db.read("count unlinked snapshots", c -> Jdbc.list(c, "SELECT COUNT(*) FROM call_snapshots s"
                + " WHERE s.station_id = ? AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.call_id = s.call_id"
                + " AND c.station_id = s.station_id)", ps -> ps.setString(1, station.value()),
                rs -> rs.getInt(1)).get(0));
    }

    /** Up to {@code batch} of the oldest snapshots uploaded before {@code cutoff}. */
    public List<StoredSnapshot> snapshotsUploadedBefore(Instant cutoff, int batch) {
        return db.read("list old snapshots", c -> Jdbc.list(c, "SELECT station_id, call_id, file_name, size_bytes,"
                + " uploaded_at FROM call_snapshots WHERE uploaded_at < ? ORDER BY uploaded_at FETCH FIRST " + batch
                + " ROWS ONLY", ps -> Jdbc.setInstantMicros(ps, 1, cutoff), CallHistoryStore::snapshot));
    }

    /** Forgets these snapshots (their files are deleted by the caller). */
    public void deleteSnapshots(List<StoredSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        db.inTransaction("delete snapshots", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM call_snapshots WHERE station_id = ?"
                    + " AND call_id = ? AND file_name = ?")) {
                for (StoredSnapshot s : snapshots) {
                    ps.setString(1, s.station().value());
                    ps.setString(2, s.callId());
                    ps.setString(3, s.fileName());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static Optional<StoredSnapshot> snapshot(Connection c, DeviceId station, String callId)
            throws SQLException {
        return Jdbc.list(c, "SELECT station_id, call_id, file_name, size_bytes, uploaded_at FROM call_snapshots"
                + " WHERE station_id = ? AND call_id = ?", ps -> {
                    ps.setString(1, station.value());
                    ps.setString(2, callId);
                }, CallHistoryStore::snapshot).stream().findFirst();
    }

    // ---- mapping ----

    private static List<CallRecord> withTargets(Connection c, List<CallRecord> calls) throws SQLException {
        if (calls.isEmpty()) {
            return calls;
        }
        Map<String, List<RungTarget>> targets = new HashMap<>();
        List<String> ids = calls.stream().map(CallRecord::callId).toList();
        for (RowTarget t : Jdbc.list(c, "SELECT call_id, wave, position, target, rung_at FROM call_targets"
                + " WHERE call_id IN (" + Jdbc.marks(ids.size()) + ") ORDER BY wave, position, target", ps -> {
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setString(i + 1, ids.get(i));
                    }
                }, rs -> new RowTarget(rs.getString(1), new RungTarget(rs.getInt(2), rs.getInt(3), rs.getString(4),
                        Jdbc.instant(rs, "rung_at"))))) {
            targets.computeIfAbsent(t.callId(), k -> new ArrayList<>()).add(t.target());
        }
        return calls.stream().map(call -> targets.containsKey(call.callId()) ? withTargets(call,
                targets.get(call.callId())) : call).toList();
    }

    private record RowTarget(String callId, RungTarget target) {
    }

    private static CallRecord withTargets(CallRecord r, List<RungTarget> targets) {
        return new CallRecord(r.callId(), r.station(), r.callerDisplay(), r.callerUri(), r.target(), r.targetKind(),
                targets, r.answeredBy(), r.status(), r.sipStatus(), r.sipReason(), r.startedAt(), r.answeredAt(),
                r.endedAt(), r.endCause(), r.routing(), r.scope(), r.hasSnapshot());
    }

    private static CallRecord call(ResultSet rs) throws SQLException {
        Long company = Jdbc.nullableLong(rs, "company_id");
        Long project = Jdbc.nullableLong(rs, "project_id");
        Long site = Jdbc.nullableLong(rs, "site_id");
        Scope scope = company == null ? null : new Scope(company, project, site);
        String cause = rs.getString("end_cause");
        return new CallRecord(rs.getString("call_id"), new DeviceId(rs.getString("station_id")),
                rs.getString("caller_display"), rs.getString("caller_uri"), rs.getString("target"),
                TargetKind.valueOf(rs.getString("target_kind")), List.of(), rs.getString("answered_by"),
                DialStatus.valueOf(rs.getString("status")), Jdbc.nullableInt(rs, "sip_status"),
                rs.getString("sip_reason"), Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "answered_at"),
                Jdbc.instant(rs, "ended_at"), cause == null ? null : EndCause.valueOf(cause), rs.getString("routing"),
                scope, rs.getString("snapshot_file") != null);
    }

    private static StoredSnapshot snapshot(ResultSet rs) throws SQLException {
        return new StoredSnapshot(new DeviceId(rs.getString("station_id")), rs.getString("call_id"),
                rs.getString("file_name"), rs.getLong("size_bytes"), Jdbc.instant(rs, "uploaded_at"));
    }

    private static void in(List<String> any, List<Object> args, String column, Set<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        any.add(column + " IN (" + Jdbc.marks(ids.size()) + ")");
        ids.stream().sorted().forEach(id -> args.add(id));
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        switch (value) {
            case Instant i -> Jdbc.setInstantMicros(ps, index, i);
            case Long l -> ps.setLong(index, l);
            case String t -> ps.setString(index, t);
            default -> throw new IllegalArgumentException("cannot bind " + value.getClass());
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && Jdbc.UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
