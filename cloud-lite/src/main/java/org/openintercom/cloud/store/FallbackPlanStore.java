package org.openintercom.cloud.store;

import java.time.Clock;
import java.util.Optional;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * The mesh fallback plan last computed for each station and its generation (V7): the generation stays while the
 * plan computed stays the same and grows by one when it changes, so stations can order the plans they receive.
 */
public final class FallbackPlanStore {

    /** The generation of a plan, and whether it is new (the plan differs from the one stored before). */
    public record Generation(long value, boolean changed) {
    }

    private final Database db;
    private final Clock clock;

    public FallbackPlanStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The generation of {@code plan} (its JSON) for {@code device}: the stored one, or one more if it differs. */
    public Generation generationOf(DeviceId device, String plan) {
        try {
            return store(device, plan);
        } catch (StoreException e) {
            // two publishers stored the first plan of the station at once: the second reads the first one's row
            if (e.getCause() instanceof java.sql.SQLException sql && Jdbc.isUniqueViolation(sql)) {
                return store(device, plan);
            }
            throw e;
        }
    }

    private Generation store(DeviceId device, String plan) {
        return db.inTransaction("store the fallback plan of " + device, c -> {
            Optional<Generation> stored = Jdbc.list(c, "SELECT generation, plan FROM fallback_plans"
                    + " WHERE device_id = ?", ps -> ps.setString(1, device.value()),
                    rs -> new Generation(rs.getLong(1), !plan.equals(rs.getString(2)))).stream().findFirst();
            if (stored.isPresent() && !stored.get().changed()) {
                return stored.get();
            }
            long next = stored.map(g -> g.value() + 1).orElse(1L);
            String sql = stored.isPresent()
                    ? "UPDATE fallback_plans SET generation = ?, plan = ?, updated_at = ? WHERE device_id = ?"
                    : "INSERT INTO fallback_plans (generation, plan, updated_at, device_id) VALUES (?, ?, ?, ?)";
            Jdbc.update(c, sql, ps -> {
                ps.setLong(1, next);
                ps.setString(2, plan);
                Jdbc.setInstant(ps, 3, clock.instant());
                ps.setString(4, device.value());
            });
            return new Generation(next, true);
        });
    }
}
