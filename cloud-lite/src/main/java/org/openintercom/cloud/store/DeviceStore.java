package org.openintercom.cloud.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.cloud.store.ClaimResult.Refusal;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * Devices and their claim, enrolment, configuration and presence; every state change is one
 * transaction that locks the device's row first, and a claim nonce is consumed exactly once.
 */
public final class DeviceStore {

    private static final String SELECT = "SELECT d.*, p.id AS p_id, p.company_id AS c_id FROM devices d"
            + " LEFT JOIN sites s ON s.id = d.site_id LEFT JOIN projects p ON p.id = s.project_id";

    private final Database db;
    private final Clock clock;

    public DeviceStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Records a claim: the device becomes PENDING_ENROLLMENT at the site. Refused if the nonce was used,
     * if someone holds an unexpired claim or the device is active, or if the device is known with another
     * birth key.
     */
    public ClaimResult claim(NewClaim claim) {
        DeviceId id = claim.code().deviceId();
        try {
            return db.inTransaction("claim device " + id, c -> {
                if (nonceUsed(c, id, claim.code().nonce())) {
                    return ClaimResult.refused(Refusal.NONCE_USED, "claim nonce already used; "
                            + "let the device show a new claim code");
                }
                Optional<String> state = lockState(c, id);
                if (state.isEmpty()) {
                    insertClaimed(c, claim);
                } else {
                    Device current = find(c, id).orElseThrow();
                    boolean expiredClaim = current.state() == DeviceState.PENDING_ENROLLMENT
                            && !claim.claimedAt().isBefore(current.claimExpiresAt());
                    if (current.state() != DeviceState.UNCLAIMED && !expiredClaim) {
                        return ClaimResult.refused(Refusal.ALREADY_CLAIMED, "device " + id + " is already claimed");
                    }
                    if (current.keyFingerprint() != null
                            && !current.keyFingerprint().equals(claim.code().keyFingerprint())) {
                        return ClaimResult.refused(Refusal.KEY_MISMATCH, "the code's key fingerprint is not"
                                + " the one device " + id + " is known with; is the label on the right device?");
                    }
                    updateClaimed(c, claim);
                }
                return ClaimResult.claimed(find(c, id).orElseThrow());
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && Jdbc.isUniqueViolation(sql)) {
                return ClaimResult.refused(Refusal.ALREADY_CLAIMED, "device " + id + " is already claimed");
            }
            throw e;
        }
    }

    /** The claim waiting for {@code deviceId} to enrol, if there is one and it has not expired. */
    public Optional<PendingClaim> findPendingClaim(DeviceId deviceId) {
        Instant now = clock.instant();
        return find(deviceId)
                .filter(d -> d.state() == DeviceState.PENDING_ENROLLMENT && now.isBefore(d.claimExpiresAt()))
                .map(d -> new PendingClaim(d.id(), d.siteId(), d.claimNonce(), d.keyFingerprint(),
                        d.claimExpiresAt()));
    }

    /**
     * Makes a pending device ACTIVE with its operational certificate, consuming the claim nonce; refused
     * (nothing changed) if there is no pending claim, the nonce differs, the claim expired or the nonce
     * was used already.
     */
    public EnrollmentResult markEnrolled(DeviceId deviceId, String nonce, String certificateSerial,
            Instant certificateExpiresAt) {
        Instant now = clock.instant();
        try {
            return db.inTransaction("enrol device " + deviceId, c -> {
                if (lockState(c, deviceId).isEmpty()) {
                    return EnrollmentResult.refused("device " + deviceId + " has not been claimed");
                }
                Device d = find(c, deviceId).orElseThrow();
                if (nonceUsed(c, deviceId, nonce)) {
                    return EnrollmentResult.refused("claim nonce already used");
                }
                if (d.state() != DeviceState.PENDING_ENROLLMENT) {
                    return EnrollmentResult.refused("device " + deviceId + " has no pending claim (" + d.state() + ")");
                }
                if (!nonce.equals(d.claimNonce())) {
                    return EnrollmentResult.refused("claim nonce does not match the pending claim");
                }
                if (!now.isBefore(d.claimExpiresAt())) {
                    return EnrollmentResult.refused("the claim expired at " + d.claimExpiresAt());
                }
                insertUsedNonce(c, deviceId, nonce, now);
                Jdbc.update(c, "UPDATE devices SET state = 'ACTIVE', certificate_serial = ?,"
                        + " certificate_expires_at = ?, claim_expires_at = NULL WHERE device_id = ?", ps -> {
                            ps.setString(1, certificateSerial);
                            Jdbc.setInstant(ps, 2, certificateExpiresAt);
                            ps.setString(3, deviceId.value());
                        });
                return EnrollmentResult.enrolled(find(c, deviceId).orElseThrow());
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && Jdbc.isUniqueViolation(sql)) {
                return EnrollmentResult.refused("claim nonce already used");
            }
            throw e;
        }
    }

    /**
     * Releases a claimed device: back to UNCLAIMED without site, name or configuration; its certificate
     * is recorded as revoked and its claim nonce as used. Empty if the device is not claimed.
     */
    public Optional<Unclaimed> unclaim(DeviceId deviceId, String reason) {
        Instant now = clock.instant();
        return db.inTransaction("unclaim device " + deviceId, c -> {
            Optional<String> state = lockState(c, deviceId);
            if (state.isEmpty() || state.get().equals(DeviceState.UNCLAIMED.name())) {
                return Optional.empty();
            }
            Device d = find(c, deviceId).orElseThrow();
            String serial = d.certificateSerial();
            if (serial != null) {
                Jdbc.update(c, "INSERT INTO revoked_certificates (serial, device_id, revoked_at, reason)"
                        + " VALUES (?, ?, ?, ?)", ps -> {
                            ps.setString(1, serial);
                            ps.setString(2, deviceId.value());
                            Jdbc.setInstant(ps, 3, now);
                            ps.setString(4, reason);
                        });
            }
            if (d.claimNonce() != null && !nonceUsed(c, deviceId, d.claimNonce())) {
                insertUsedNonce(c, deviceId, d.claimNonce(), now);
            }
            Jdbc.update(c, "UPDATE devices SET state = 'UNCLAIMED', site_id = NULL, name = NULL,"
                    + " claim_nonce = NULL, claim_expires_at = NULL, claimed_by = NULL, claimed_at = NULL,"
                    + " certificate_serial = NULL, certificate_expires_at = NULL, desired_config = NULL,"
                    + " reported_config = NULL WHERE device_id = ?", ps -> ps.setString(1, deviceId.value()));
            return Optional.of(new Unclaimed(deviceId, serial));
        });
    }

    /** Whether {@code serial} has been revoked. */
    public boolean isRevoked(String serial) {
        return db.read("check revocation of " + serial, c -> Jdbc.one(c,
                "SELECT 1 AS x FROM revoked_certificates WHERE serial = ?", ps -> ps.setString(1, serial),
                rs -> true).isPresent());
    }

    /** Moves a claimed device to another site; false if the device is not claimed. */
    public boolean transfer(DeviceId deviceId, long siteId) {
        return db.inTransaction("transfer device " + deviceId, c -> Jdbc.update(c,
                "UPDATE devices SET site_id = ? WHERE device_id = ? AND state <> 'UNCLAIMED'", ps -> {
                    ps.setLong(1, siteId);
                    ps.setString(2, deviceId.value());
                }) == 1);
    }

    /** Stores a new desired configuration (JSON) and returns its version; empty if the device is not claimed. */
    public OptionalLong setDesiredConfiguration(DeviceId deviceId, String configJson) {
        return db.inTransaction("configure device " + deviceId, c -> {
            int n = Jdbc.update(c, "UPDATE devices SET desired_config = ?, desired_version = desired_version + 1"
                    + " WHERE device_id = ? AND state <> 'UNCLAIMED'", ps -> {
                        ps.setString(1, configJson);
                        ps.setString(2, deviceId.value());
                    });
            return n == 0 ? OptionalLong.empty() : OptionalLong.of(find(c, deviceId).orElseThrow().desiredVersion());
        });
    }

    /** Records the configuration a device reports running; false if the device is unknown. */
    public boolean recordReported(DeviceId deviceId, long version, String configJson) {
        Instant now = clock.instant();
        return db.inTransaction("record the configuration of " + deviceId, c -> Jdbc.update(c,
                "UPDATE devices SET reported_version = ?, reported_config = ?, last_seen = ? WHERE device_id = ?",
                ps -> {
                    ps.setLong(1, version);
                    ps.setString(2, configJson);
                    Jdbc.setInstant(ps, 3, now);
                    ps.setString(4, deviceId.value());
                }) == 1);
    }

    /** Records the model a device reports (from its birth certificate); false if the device is unknown. */
    public boolean recordModel(DeviceId deviceId, String model) {
        return db.inTransaction("record the model of " + deviceId, c -> Jdbc.update(c,
                "UPDATE devices SET model = ? WHERE device_id = ?", ps -> {
                    ps.setString(1, model);
                    ps.setString(2, deviceId.value());
                }) == 1);
    }

    /** Records that a device connected or disconnected; false if the device is unknown. */
    public boolean setOnline(DeviceId deviceId, boolean online) {
        Instant now = clock.instant();
        return db.inTransaction("record presence of " + deviceId, c -> Jdbc.update(c,
                "UPDATE devices SET online = ?, last_seen = ? WHERE device_id = ?", ps -> {
                    ps.setBoolean(1, online);
                    Jdbc.setInstant(ps, 2, now);
                    ps.setString(3, deviceId.value());
                }) == 1);
    }

    /** The device with {@code deviceId}, claimed or not. */
    public Optional<Device> find(DeviceId deviceId) {
        return db.read("find device " + deviceId, c -> find(c, deviceId));
    }

    /** The claimed devices matching {@code query}, by id. */
    public List<Device> list(DeviceQuery query) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE d.state <> 'UNCLAIMED'");
        List<Long> args = new ArrayList<>();
        if (query.companyId() != null) {
            sql.append(" AND p.company_id = ?");
            args.add(query.companyId());
        }
        if (query.projectId() != null) {
            sql.append(" AND p.id = ?");
            args.add(query.projectId());
        }
        if (query.siteId() != null) {
            sql.append(" AND d.site_id = ?");
            args.add(query.siteId());
        }
        sql.append(" ORDER BY d.device_id");
        return db.read("list devices", c -> Jdbc.list(c, sql.toString(), ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setLong(i + 1, args.get(i));
            }
        }, DeviceStore::device));
    }

    private static Optional<Device> find(Connection c, DeviceId id) throws SQLException {
        return Jdbc.one(c, SELECT + " WHERE d.device_id = ?", ps -> ps.setString(1, id.value()),
                DeviceStore::device);
    }

    private static Optional<String> lockState(Connection c, DeviceId id) throws SQLException {
        return Jdbc.one(c, "SELECT state FROM devices WHERE device_id = ? FOR UPDATE",
                ps -> ps.setString(1, id.value()), rs -> rs.getString("state"));
    }

    private static boolean nonceUsed(Connection c, DeviceId id, String nonce) throws SQLException {
        return Jdbc.one(c, "SELECT 1 AS x FROM used_nonces WHERE device_id = ? AND nonce = ?", ps -> {
            ps.setString(1, id.value());
            ps.setString(2, nonce);
        }, rs -> true).isPresent();
    }

    private static void insertUsedNonce(Connection c, DeviceId id, String nonce, Instant at) throws SQLException {
        Jdbc.update(c, "INSERT INTO used_nonces (device_id, nonce, used_at) VALUES (?, ?, ?)", ps -> {
            ps.setString(1, id.value());
            ps.setString(2, nonce);
            Jdbc.setInstant(ps, 3, at);
        });
    }

    private static void insertClaimed(Connection c, NewClaim claim) throws SQLException {
        Jdbc.update(c, "INSERT INTO devices (device_id, site_id, name, state, claim_nonce, key_fingerprint,"
                + " claim_expires_at, claimed_by, claimed_at, desired_config, desired_version)"
                + " VALUES (?, ?, ?, 'PENDING_ENROLLMENT', ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, claim.code().deviceId().value());
                    ps.setLong(2, claim.siteId());
                    ps.setString(3, claim.name());
                    ps.setString(4, claim.code().nonce());
                    ps.setString(5, claim.code().keyFingerprint());
                    Jdbc.setInstant(ps, 6, claim.expiresAt());
                    ps.setString(7, claim.claimedBy());
                    Jdbc.setInstant(ps, 8, claim.claimedAt());
                    ps.setString(9, claim.desiredConfig());
                    ps.setLong(10, claim.desiredConfig() == null ? 0 : 1);
                });
    }

    private static void updateClaimed(Connection c, NewClaim claim) throws SQLException {
        Jdbc.update(c, "UPDATE devices SET site_id = ?, name = ?, state = 'PENDING_ENROLLMENT', claim_nonce = ?,"
                + " key_fingerprint = ?, claim_expires_at = ?, claimed_by = ?, claimed_at = ?,"
                + " certificate_serial = NULL, certificate_expires_at = NULL, desired_config = ?,"
                + " desired_version = desired_version + ? WHERE device_id = ?", ps -> {
                    ps.setLong(1, claim.siteId());
                    ps.setString(2, claim.name());
                    ps.setString(3, claim.code().nonce());
                    ps.setString(4, claim.code().keyFingerprint());
                    Jdbc.setInstant(ps, 5, claim.expiresAt());
                    ps.setString(6, claim.claimedBy());
                    Jdbc.setInstant(ps, 7, claim.claimedAt());
                    ps.setString(8, claim.desiredConfig());
                    ps.setLong(9, claim.desiredConfig() == null ? 0 : 1);
                    ps.setString(10, claim.code().deviceId().value());
                });
    }

    private static Device device(ResultSet rs) throws SQLException {
        Long siteId = Jdbc.nullableLong(rs, "site_id");
        Scope scope = siteId == null ? null : Scope.site(rs.getLong("c_id"), rs.getLong("p_id"), siteId);
        return new Device(
                new DeviceId(rs.getString("device_id")),
                rs.getString("model"),
                scope,
                rs.getString("name"),
                DeviceState.valueOf(rs.getString("state")),
                rs.getString("claim_nonce"),
                rs.getString("key_fingerprint"),
                Jdbc.instant(rs, "claim_expires_at"),
                rs.getString("claimed_by"),
                Jdbc.instant(rs, "claimed_at"),
                rs.getString("certificate_serial"),
                Jdbc.instant(rs, "certificate_expires_at"),
                rs.getString("desired_config"),
                rs.getLong("desired_version"),
                rs.getLong("reported_version"),
                rs.getString("reported_config"),
                rs.getBoolean("online"),
                Jdbc.instant(rs, "last_seen"));
    }

    /**
     * Records a renewed certificate: the device must be ACTIVE with {@code oldSerial}; the old serial is
     * recorded as superseded (revoked), the new one becomes current. False (nothing changed) otherwise.
     */
    public boolean renewed(DeviceId deviceId, String oldSerial, String newSerial, Instant expiresAt) {
        Instant now = clock.instant();
        return db.inTransaction("renew certificate of " + deviceId, c -> {
            int n = Jdbc.update(c, "UPDATE devices SET certificate_serial = ?, certificate_expires_at = ?"
                    + " WHERE device_id = ? AND state = 'ACTIVE' AND certificate_serial = ?", ps -> {
                        ps.setString(1, newSerial);
                        Jdbc.setInstant(ps, 2, expiresAt);
                        ps.setString(3, deviceId.value());
                        ps.setString(4, oldSerial);
                    });
            if (n != 1) {
                return false;
            }
            Jdbc.update(c, "INSERT INTO revoked_certificates (serial, device_id, revoked_at, reason)"
                    + " VALUES (?, ?, ?, ?)", ps -> {
                        ps.setString(1, oldSerial);
                        ps.setString(2, deviceId.value());
                        Jdbc.setInstant(ps, 3, now);
                        ps.setString(4, "superseded");
                    });
            return true;
        });
    }
}
