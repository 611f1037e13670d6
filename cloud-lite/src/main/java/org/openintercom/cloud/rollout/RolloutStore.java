package org.openintercom.cloud.rollout;

import static org.openintercom.cloud.store.Jdbc.instant;
import static org.openintercom.cloud.store.Jdbc.list;
import static org.openintercom.cloud.store.Jdbc.nullableInt;
import static org.openintercom.cloud.store.Jdbc.setInstant;
import static org.openintercom.cloud.store.Jdbc.setInt;
import static org.openintercom.cloud.store.Jdbc.update;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openintercom.cloud.store.Database;
import org.openintercom.cloud.store.Jdbc.Binder;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * The rollout tables (V4): rollouts and their target devices, device policies and firmware, site maintenance
 * windows and current releases. Each method is one transaction.
 */
public final class RolloutStore {

    private static final String ROLLOUT_COLUMNS = "SELECT id, bundle_id, version, models, site_ids, project_ids,"
            + " waves, soak_seconds, wave_timeout_seconds, max_failure_percent, max_failures, state, reason,"
            + " current_wave, wave_started_at, soak_until, created_by, created_at, updated_at FROM rollouts";
    private static final String TARGET_COLUMNS = "SELECT rollout_id, device_id, wave, state, reason, message,"
            + " percent, attempts, approved, assigned_at, updated_at FROM rollout_devices";

    private final Database db;

    public RolloutStore(Database db) {
        this.db = db;
    }

    // ---- rollouts ----

    /** Stores a new RUNNING rollout (wave 0) with its targets, each in its wave. */
    public Rollout create(RolloutPlan plan, String version, String createdBy, Instant now, Map<DeviceId, Integer> waves) {
        long id = db.inTransaction("create a rollout", c -> {
            long rid;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollouts (bundle_id, version, models,"
                    + " site_ids, project_ids, waves, soak_seconds, wave_timeout_seconds, max_failure_percent,"
                    + " max_failures, state, reason, current_wave, created_by, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', NULL, 0, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, plan.bundleId());
                ps.setString(2, version);
                ps.setString(3, String.join(",", plan.models()));
                ps.setString(4, join(plan.siteIds()));
                ps.setString(5, join(plan.projectIds()));
                ps.setString(6, join(plan.waves()));
                ps.setLong(7, plan.soak().toSeconds());
                ps.setLong(8, plan.waveTimeout().toSeconds());
                setInt(ps, 9, plan.abortRule().maxFailurePercent().orElse(null));
                setInt(ps, 10, plan.abortRule().maxFailures().orElse(null));
                ps.setString(11, createdBy);
                setInstant(ps, 12, now);
                setInstant(ps, 13, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    rid = keys.getLong("id");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollout_devices (rollout_id, device_id,"
                    + " wave, state, updated_at) VALUES (?, ?, ?, 'PENDING', ?)")) {
                for (Map.Entry<DeviceId, Integer> e : waves.entrySet()) {
                    ps.setLong(1, rid);
                    ps.setString(2, e.getKey().value());
                    ps.setInt(3, e.getValue());
                    setInstant(ps, 4, now);
                    ps.addBatch();
                }
                if (!waves.isEmpty()) {
                    ps.executeBatch();
                }
            }
            return rid;
        });
        return find(id).orElseThrow();
    }

    public Optional<Rollout> find(long id) {
        return db.read("find rollout " + id, c -> list(c, ROLLOUT_COLUMNS + " WHERE id = ?",
                ps -> ps.setLong(1, id), RolloutStore::rollout)).stream().findFirst();
    }

    /** Every rollout, newest first. */
    public List<Rollout> all() {
        return db.read("list rollouts", c -> list(c, ROLLOUT_COLUMNS + " ORDER BY id DESC", ps -> { },
                RolloutStore::rollout));
    }

    /** The rollouts that are RUNNING or PAUSED, oldest first. */
    public List<Rollout> active() {
        return db.read("list active rollouts", c -> list(c, ROLLOUT_COLUMNS
                + " WHERE state IN ('RUNNING', 'PAUSED') ORDER BY id", ps -> { }, RolloutStore::rollout));
    }

    /** Sets the state (and the reason of a pause or abort). */
    public void setState(long id, RolloutState state, String reason, Instant now) {
        write("set rollout state", "UPDATE rollouts SET state = ?, reason = ?, updated_at = ? WHERE id = ?", ps -> {
            ps.setString(1, state.name());
            ps.setString(2, reason);
            setInstant(ps, 3, now);
            ps.setLong(4, id);
        });
    }

    /** Moves the rollout into {@code wave} (started at {@code now}, not soaking). */
    public void startWave(long id, int wave, Instant now) {
        write("start a wave", "UPDATE rollouts SET current_wave = ?, wave_started_at = ?, soak_until = NULL,"
                + " updated_at = ? WHERE id = ?", ps -> {
                    ps.setInt(1, wave);
                    setInstant(ps, 2, now);
                    setInstant(ps, 3, now);
                    ps.setLong(4, id);
                });
    }

    /** The current wave is done: soak until {@code until}. */
    public void soakUntil(long id, Instant until, Instant now) {
        write("soak a wave", "UPDATE rollouts SET soak_until = ?, updated_at = ? WHERE id = ?", ps -> {
            setInstant(ps, 1, until);
            setInstant(ps, 2, now);
            ps.setLong(3, id);
        });
    }

    // ---- targets ----

    /** The targets of a rollout, by wave then device id. */
    public List<RolloutTarget> targets(long rolloutId) {
        return db.read("list rollout targets", c -> list(c, TARGET_COLUMNS
                + " WHERE rollout_id = ? ORDER BY wave, device_id", ps -> ps.setLong(1, rolloutId),
                RolloutStore::target));
    }

    /** The rollout's targets counted by wave and state (one aggregate query, no rows read into memory). */
    public TargetTally tally(long rolloutId) {
        return new TargetTally(db.read("count rollout targets", c -> list(c, "SELECT wave, state, COUNT(*),"
                + " SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) FROM rollout_devices WHERE rollout_id = ?"
                + " GROUP BY wave, state", ps -> ps.setLong(1, rolloutId),
                rs -> new TargetTally.Count(rs.getInt(1), TargetState.valueOf(rs.getString(2)), (int) rs.getLong(3),
                        (int) rs.getLong(4)))));
    }

    public Optional<RolloutTarget> target(long rolloutId, DeviceId device) {
        return db.read("find rollout target", c -> list(c, TARGET_COLUMNS + " WHERE rollout_id = ? AND device_id = ?",
                ps -> {
                    ps.setLong(1, rolloutId);
                    ps.setString(2, device.value());
                }, RolloutStore::target)).stream().findFirst();
    }

    /** The targets of {@code device} in every rollout, newest rollout first. */
    public List<RolloutTarget> targetsOf(DeviceId device) {
        return db.read("list rollout targets of " + device, c -> list(c, TARGET_COLUMNS
                + " WHERE device_id = ? ORDER BY rollout_id DESC", ps -> ps.setString(1, device.value()),
                RolloutStore::target));
    }

    /** Sets a target's state, reason and message (and percent), leaving the rest. */
    public void setTargetState(long rolloutId, DeviceId device, TargetState state, String reason, String message,
            int percent, Instant now) {
        write("update rollout target", "UPDATE rollout_devices SET state = ?, reason = ?, message = ?, percent = ?,"
                + " updated_at = ? WHERE rollout_id = ? AND device_id = ?", ps -> {
                    ps.setString(1, state.name());
                    ps.setString(2, reason);
                    ps.setString(3, message);
                    ps.setInt(4, percent);
                    setInstant(ps, 5, now);
                    ps.setLong(6, rolloutId);
                    ps.setString(7, device.value());
                });
    }

    /** Records that the target's assignment was published (once more). */
    public void markAssigned(long rolloutId, DeviceId device, Instant now) {
        write("assign rollout target", "UPDATE rollout_devices SET state = 'ASSIGNED', reason = NULL, message = NULL,"
                + " percent = 0, attempts = attempts + 1, assigned_at = ?, updated_at = ?"
                + " WHERE rollout_id = ? AND device_id = ?", ps -> {
                    setInstant(ps, 1, now);
                    setInstant(ps, 2, now);
                    ps.setLong(3, rolloutId);
                    ps.setString(4, device.value());
                });
    }

    public void approve(long rolloutId, DeviceId device, Instant now) {
        write("approve rollout target", "UPDATE rollout_devices SET approved = TRUE, updated_at = ?"
                + " WHERE rollout_id = ? AND device_id = ?", ps -> {
                    setInstant(ps, 1, now);
                    ps.setLong(2, rolloutId);
                    ps.setString(3, device.value());
                });
    }

    // ---- device policies and firmware ----

    public DeviceFirmware firmware(DeviceId device) {
        return db.read("read device firmware", c -> list(c, "SELECT device_id, policy, running_version,"
                + " last_assignment, last_state FROM device_firmware WHERE device_id = ?",
                ps -> ps.setString(1, device.value()), rs -> new DeviceFirmware(DeviceId.parse(rs.getString(1)),
                        UpdatePolicy.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5))))
                .stream().findFirst().orElseGet(() -> DeviceFirmware.unknown(device));
    }

    public void setPolicy(DeviceId device, UpdatePolicy policy, Instant now) {
        DeviceFirmware f = firmware(device);
        save(new DeviceFirmware(device, policy, f.runningVersion(), f.lastAssignment(), f.lastState()), now);
    }

    /** Records the version a device says it runs. */
    public void setRunningVersion(DeviceId device, String version, Instant now) {
        DeviceFirmware f = firmware(device);
        save(new DeviceFirmware(device, f.policy(), version, f.lastAssignment(), f.lastState()), now);
    }

    /** Records a device's latest progress with any assignment. */
    public void setLastProgress(DeviceId device, String assignmentId, String state, Instant now) {
        DeviceFirmware f = firmware(device);
        save(new DeviceFirmware(device, f.policy(), f.runningVersion(), assignmentId, state), now);
    }

    private void save(DeviceFirmware f, Instant now) {
        db.inTransaction("write device firmware", c -> {
            Binder values = ps -> {
                ps.setString(1, f.policy().name());
                ps.setString(2, f.runningVersion());
                ps.setString(3, f.lastAssignment());
                ps.setString(4, f.lastState());
                setInstant(ps, 5, now);
                ps.setString(6, f.deviceId().value());
            };
            if (update(c, "UPDATE device_firmware SET policy = ?, running_version = ?, last_assignment = ?,"
                    + " last_state = ?, updated_at = ? WHERE device_id = ?", values) == 0) {
                update(c, "INSERT INTO device_firmware (policy, running_version, last_assignment, last_state,"
                        + " updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?)", values);
            }
            return null;
        });
    }

    // ---- maintenance windows ----

    public Optional<SiteWindow> window(long siteId) {
        return db.read("read maintenance window", c -> list(c, "SELECT site_id, start_time, end_time, days"
                + " FROM maintenance_windows WHERE site_id = ?", ps -> ps.setLong(1, siteId), rs -> new SiteWindow(
                        rs.getLong(1), LocalTime.parse(rs.getString(2)), LocalTime.parse(rs.getString(3)),
                        days(rs.getString(4))))).stream().findFirst();
    }

    public void setWindow(SiteWindow w, Instant now) {
        db.inTransaction("set maintenance window", c -> {
            update(c, "DELETE FROM maintenance_windows WHERE site_id = ?", ps -> ps.setLong(1, w.siteId()));
            return update(c, "INSERT INTO maintenance_windows (site_id, start_time, end_time, days, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?)", ps -> {
                        ps.setLong(1, w.siteId());
                        ps.setString(2, hhmm(w.start()));
                        ps.setString(3, hhmm(w.end()));
                        ps.setString(4, w.days().stream().sorted().map(DayOfWeek::name).collect(Collectors.joining(",")));
                        setInstant(ps, 5, now);
                    });
        });
    }

    /** Removes a site's window; whether there was one. */
    public boolean removeWindow(long siteId) {
        return db.inTransaction("remove maintenance window", c -> update(c,
                "DELETE FROM maintenance_windows WHERE site_id = ?", ps -> ps.setLong(1, siteId))) > 0;
    }

    // ---- current releases ----

    public void setCurrentRelease(CurrentRelease r) {
        db.inTransaction("set current release", c -> {
            update(c, "DELETE FROM current_releases WHERE model = ? AND project_id = ?", ps -> {
                ps.setString(1, r.model());
                ps.setLong(2, r.projectId());
            });
            return update(c, "INSERT INTO current_releases (model, project_id, bundle_id, set_by, set_at)"
                    + " VALUES (?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, r.model());
                        ps.setLong(2, r.projectId());
                        ps.setString(3, r.bundleId());
                        ps.setString(4, r.setBy());
                        setInstant(ps, 5, r.setAt());
                    });
        });
    }

    /** Every current release, by model then project. */
    public List<CurrentRelease> currentReleases() {
        return db.read("list current releases", c -> list(c, "SELECT model, project_id, bundle_id, set_by, set_at"
                + " FROM current_releases ORDER BY model, project_id", ps -> { },
                rs -> new CurrentRelease(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        instant(rs, "set_at"))));
    }

    /** The current release of {@code model} for devices of {@code projectId}: the project's own, else the default. */
    public Optional<CurrentRelease> currentRelease(String model, long projectId) {
        List<CurrentRelease> all = currentReleases().stream().filter(r -> r.model().equals(model)).toList();
        return all.stream().filter(r -> r.projectId() == projectId).findFirst()
                .or(() -> all.stream().filter(r -> r.projectId() == CurrentRelease.ANY_PROJECT).findFirst());
    }

    // ---- mapping ----

    private static Rollout rollout(ResultSet rs) throws SQLException {
        RolloutPlan plan = new RolloutPlan(rs.getString("bundle_id"), split(rs.getString("models"), s -> s),
                split(rs.getString("site_ids"), Long::valueOf), split(rs.getString("project_ids"), Long::valueOf),
                split(rs.getString("waves"), Integer::valueOf), Duration.ofSeconds(rs.getLong("soak_seconds")),
                Duration.ofSeconds(rs.getLong("wave_timeout_seconds")),
                AbortRule.of(nullableInt(rs, "max_failure_percent"), nullableInt(rs, "max_failures")));
        return new Rollout(rs.getLong("id"), plan, rs.getString("version"), RolloutState.valueOf(rs.getString("state")),
                rs.getString("reason"), rs.getInt("current_wave"), instant(rs, "wave_started_at"),
                instant(rs, "soak_until"), rs.getString("created_by"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static RolloutTarget target(ResultSet rs) throws SQLException {
        return new RolloutTarget(rs.getLong("rollout_id"), DeviceId.parse(rs.getString("device_id")), rs.getInt("wave"),
                TargetState.valueOf(rs.getString("state")), rs.getString("reason"), rs.getString("message"),
                rs.getInt("percent"), rs.getInt("attempts"), rs.getBoolean("approved"), instant(rs, "assigned_at"),
                instant(rs, "updated_at"));
    }

    private static String join(List<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static <T> List<T> split(String text, Function<String, T> parse) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(parse).toList();
    }

    private static Set<DayOfWeek> days(String text) {
        List<DayOfWeek> days = split(text, DayOfWeek::valueOf);
        return days.isEmpty() ? Set.of() : EnumSet.copyOf(days);
    }

    private static String hhmm(LocalTime t) {
        return String.format("%02d:%02d", t.getHour(), t.getMinute());
    }

    // ---- JDBC (shared helpers in store.Jdbc) ----

    private void write(String what, String sql, Binder binder) {
        db.inTransaction(what, c -> update(c, sql, binder));
    }
}
