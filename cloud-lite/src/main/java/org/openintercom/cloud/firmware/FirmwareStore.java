package org.openintercom.cloud.firmware;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.openintercom.cloud.store.Database;

/** The firmware tables: bundles as verified at upload, and the patches between them with their state. */
public final class FirmwareStore {

    /** SQLSTATE of a unique or primary key violation (H2 and PostgreSQL alike). */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String BUNDLE_COLUMNS = "bundle_id, version, models, hardware_revisions, security_critical,"
            + " security_version, bundle_size, payload_size, payload_sha256, release_notes, signer, uploaded_at,"
            + " uploaded_by";

    /** The states of a patch. */
    public enum DeltaState {
        /** Being computed. */
        PENDING,
        /** Stored; served to devices. */
        READY,
        /** Could not be made; devices get the full bundle. */
        FAILED
    }

    /** A row of the deltas table. */
    public record DeltaRow(String baseBundleId, String targetBundleId, DeltaState state, Long patchSize,
            String storageKey, String detail, Instant updatedAt) {
    }

    private final Database db;
    private final Clock clock;

    public FirmwareStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Stores {@code release}; false if a bundle with its id is already there (nothing changes then). */
    public boolean insert(FirmwareRelease release, long payloadSize, String uploadedBy) {
        return db.inTransaction("store firmware bundle " + release.bundleId(), c -> {
            if (find(c, release.bundleId()).isPresent()) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO firmware_bundles (" + BUNDLE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, release.bundleId());
                ps.setString(2, release.version());
                ps.setString(3, String.join(",", release.models()));
                ps.setString(4, String.join(",", release.hardwareRevisions()));
                ps.setBoolean(5, release.securityCritical());
                ps.setLong(6, release.securityVersion());
                ps.setLong(7, release.bundleSize());
                ps.setLong(8, payloadSize);
                ps.setString(9, release.payloadSha256());
                ps.setString(10, release.releaseNotes());
                ps.setString(11, release.signer());
                ps.setObject(12, release.uploadedAt().atOffset(ZoneOffset.UTC));
                ps.setString(13, uploadedBy);
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        });
    }

    public Optional<FirmwareRelease> find(String bundleId) {
        return db.read("read firmware bundle " + bundleId, c -> find(c, bundleId));
    }

    /** Every bundle, newest upload first. */
    public List<FirmwareRelease> all() {
        return db.read("list firmware bundles", c -> list(c, "SELECT " + BUNDLE_COLUMNS
                + " FROM firmware_bundles ORDER BY uploaded_at DESC, bundle_id", ps -> { }));
    }

    /** Who uploaded {@code bundleId}. */
    public Optional<String> uploadedBy(String bundleId) {
        return db.read("read firmware bundle " + bundleId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT uploaded_by FROM firmware_bundles WHERE bundle_id = ?")) {
                ps.setString(1, bundleId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Removes {@code bundleId} and the patches from and to it; false if it was not there. */
    public boolean delete(String bundleId) {
        return db.inTransaction("delete firmware bundle " + bundleId, c -> {
            update(c, "DELETE FROM firmware_deltas WHERE base_bundle_id = ? OR target_bundle_id = ?",
                    bundleId, bundleId);
            return update(c, "DELETE FROM firmware_bundles WHERE bundle_id = ?", bundleId) > 0;
        });
    }

    /** Records a patch as being computed (replacing an earlier row for the same pair). */
    public void deltaPending(String baseBundleId, String targetBundleId, String storageKey) {
        db.inTransaction("record a pending firmware patch", c -> {
            update(c, "DELETE FROM firmware_deltas WHERE base_bundle_id = ? AND target_bundle_id = ?",
                    baseBundleId, targetBundleId);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO firmware_deltas (base_bundle_id,"
                    + " target_bundle_id, state, storage_key, updated_at) VALUES (?, ?, 'PENDING', ?, ?)")) {
                ps.setString(1, baseBundleId);
                ps.setString(2, targetBundleId);
                ps.setString(3, storageKey);
                ps.setObject(4, clock.instant().atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Marks a patch ready ({@code patchSize} bytes) or failed ({@code detail}); false if its row is gone. */
    public boolean deltaFinished(String baseBundleId, String targetBundleId, DeltaState state, Long patchSize,
            String detail) {
        return db.inTransaction("record a finished firmware patch", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE firmware_deltas SET state = ?, patch_size = ?,"
                    + " detail = ?, updated_at = ? WHERE base_bundle_id = ? AND target_bundle_id = ?")) {
                ps.setString(1, state.name());
                if (patchSize == null) {
                    ps.setNull(2, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(2, patchSize);
                }
                ps.setString(3, detail);
                ps.setObject(4, clock.instant().atOffset(ZoneOffset.UTC));
                ps.setString(5, baseBundleId);
                ps.setString(6, targetBundleId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** The patch row from {@code baseBundleId} to {@code targetBundleId}. */
    public Optional<DeltaRow> delta(String baseBundleId, String targetBundleId) {
        return db.read("read a firmware patch", c -> deltas(c, "WHERE base_bundle_id = ? AND target_bundle_id = ?",
                baseBundleId, targetBundleId).stream().findFirst());
    }

    /** The patch rows to {@code targetBundleId}. */
    public List<DeltaRow> deltasTo(String targetBundleId) {
        return db.read("list firmware patches", c -> deltas(c, "WHERE target_bundle_id = ?", targetBundleId));
    }

    private static List<DeltaRow> deltas(Connection c, String where, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT base_bundle_id, target_bundle_id, state, patch_size,"
                + " storage_key, detail, updated_at FROM firmware_deltas " + where + " ORDER BY updated_at DESC")) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<DeltaRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long size = rs.getLong("patch_size");
                    Long patchSize = rs.wasNull() ? null : size;
                    rows.add(new DeltaRow(rs.getString("base_bundle_id"), rs.getString("target_bundle_id"),
                            DeltaState.valueOf(rs.getString("state")), patchSize, rs.getString("storage_key"),
                            rs.getString("detail"), instant(rs, "updated_at")));
                }
            }
            return rows;
        }
    }

    private static Optional<FirmwareRelease> find(Connection c, String bundleId) throws SQLException {
        return list(c, "SELECT " + BUNDLE_COLUMNS + " FROM firmware_bundles WHERE bundle_id = ?",
                ps -> ps.setString(1, bundleId)).stream().findFirst();
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static List<FirmwareRelease> list(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<FirmwareRelease> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new FirmwareRelease(rs.getString("bundle_id"), rs.getString("version"),
                            split(rs.getString("models")), split(rs.getString("hardware_revisions")),
                            rs.getBoolean("security_critical"), Math.toIntExact(rs.getLong("security_version")),
                            rs.getLong("bundle_size"), rs.getString("payload_sha256"), rs.getString("release_notes"),
                            rs.getString("signer"), instant(rs, "uploaded_at")));
                }
            }
            return rows;
        }
    }

    private static int update(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static List<String> split(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
