package org.openintercom.cloud.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The append-only record of what was done and refused, each entry in its own transaction. */
public final class AuditLog {

    /** The most entries one read returns. */
    public static final int MAX_LIMIT = 1000;

    private final Database db;
    private final Clock clock;

    public AuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records that {@code actor} did {@code action} on {@code target} with {@code outcome}. */
    public void record(String actor, String action, String target, AuditEntry.Outcome outcome, String detail) {
        Instant now = clock.instant();
        db.inTransaction("write the audit log", c -> Jdbc.update(c,
                "INSERT INTO audit_log (occurred_at, actor, action, target, outcome, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                            Jdbc.setInstant(ps, 1, now);
                            ps.setString(2, actor);
                            ps.setString(3, action);
                            ps.setString(4, target);
                            ps.setString(5, outcome.name());
                            ps.setString(6, detail);
                        }));
    }

    /** The newest {@code limit} entries (at most {@link #MAX_LIMIT}), newest first. */
    public List<AuditEntry> recent(int limit) {
        int n = Math.max(1, Math.min(limit, MAX_LIMIT));
        return db.read("read the audit log", c -> Jdbc.list(c,
                "SELECT id, occurred_at, actor, action, target, outcome, detail FROM audit_log"
                        + " ORDER BY id DESC FETCH FIRST " + n + " ROWS ONLY", ps -> { },
                rs -> new AuditEntry(rs.getLong("id"), Jdbc.instant(rs, "occurred_at"), rs.getString("actor"),
                        rs.getString("action"), rs.getString("target"),
                        AuditEntry.Outcome.valueOf(rs.getString("outcome")), rs.getString("detail"))));
    }
}
