package org.openintercom.cloud.store;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.openintercom.cloud.auth.Role;
import org.openintercom.cloud.auth.ScopeType;

/** Users, their password hashes and their role assignments. */
public final class UserStore {

    private final Database db;
    private final Clock clock;

    public UserStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Creates a user; empty if the username is taken. */
    public Optional<User> create(String username, String passwordHash) {
        User user = new User(username, passwordHash, clock.instant());
        try {
            db.inTransaction("create user " + username, c -> Jdbc.update(c,
                    "INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)", ps -> {
                        ps.setString(1, username);
                        ps.setString(2, passwordHash);
                        Jdbc.setInstant(ps, 3, user.createdAt());
                    }));
            return Optional.of(user);
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && Jdbc.isUniqueViolation(sql)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The user called {@code username}. */
    public Optional<User> find(String username) {
        return db.read("find user " + username, c -> Jdbc.one(c,
                "SELECT username, password_hash, created_at FROM users WHERE username = ?",
                ps -> ps.setString(1, username), UserStore::user));
    }

    /** All users by name. */
    public List<User> list() {
        return db.read("list users", c -> Jdbc.list(c,
                "SELECT username, password_hash, created_at FROM users ORDER BY username", ps -> { },
                UserStore::user));
    }

    /** How many users there are. */
    public long count() {
        return db.read("count users", c -> Jdbc.one(c, "SELECT COUNT(*) AS n FROM users", ps -> { },
                rs -> rs.getLong("n")).orElse(0L));
    }

    /** Gives {@code username} {@code role} at a scope; false if the user already holds exactly that. */
    public boolean assign(String username, Role role, ScopeType scopeType, long scopeId) {
        return db.inTransaction("assign a role to " + username, c -> {
            boolean held = Jdbc.one(c, "SELECT 1 AS x FROM role_assignments WHERE username = ? AND role = ?"
                    + " AND scope_type = ? AND scope_id = ?", ps -> {
                        ps.setString(1, username);
                        ps.setString(2, role.name());
                        ps.setString(3, scopeType.name());
                        ps.setLong(4, scopeId);
                    }, rs -> true).isPresent();
            if (held) {
                return false;
            }
            Jdbc.update(c, "INSERT INTO role_assignments (username, role, scope_type, scope_id)"
                    + " VALUES (?, ?, ?, ?)", ps -> {
                        ps.setString(1, username);
                        ps.setString(2, role.name());
                        ps.setString(3, scopeType.name());
                        ps.setLong(4, scopeId);
                    });
            return true;
        });
    }

    /** The roles {@code username} holds. */
    public List<RoleAssignment> assignments(String username) {
        return db.read("read the roles of " + username, c -> Jdbc.list(c,
                "SELECT username, role, scope_type, scope_id FROM role_assignments WHERE username = ?"
                        + " ORDER BY scope_type, scope_id, role",
                ps -> ps.setString(1, username),
                rs -> new RoleAssignment(rs.getString("username"), Role.valueOf(rs.getString("role")),
                        ScopeType.valueOf(rs.getString("scope_type")), rs.getLong("scope_id"))));
    }

    private static User user(java.sql.ResultSet rs) throws SQLException {
        return new User(rs.getString("username"), rs.getString("password_hash"), Jdbc.instant(rs, "created_at"));
    }
}
