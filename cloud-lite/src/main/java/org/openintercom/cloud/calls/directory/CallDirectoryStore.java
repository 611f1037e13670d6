package org.openintercom.cloud.calls.directory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.cloud.calls.directory.DirectoryOutcome.Refusal;
import org.openintercom.cloud.calls.routing.Destination;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.UserProfile;
import org.openintercom.cloud.calls.sip.SipAccount;
import org.openintercom.cloud.store.Database;
import org.openintercom.cloud.store.Jdbc;
import org.openintercom.cloud.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call directory tables (V6): SIP users with their rules and ring groups, each of one site, with names unique
 * across users and groups of the whole relay. Every change is checked (the routing model's validation, names,
 * references within the site, nothing left pointing at a deleted name), written in one transaction and then
 * published as a new {@link #snapshot()}, which is also loaded at construction: the relay reads only the snapshot.
 *
 * <p>Changes are serialised within this instance. Another cloud-lite instance on the same database sees them
 * after its {@link #reload()}; the name table keeps names unique across instances regardless.
 */
public final class CallDirectoryStore {

    /** The shortest SIP password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 8;
    /** The longest display name accepted. */
    public static final int MAX_DISPLAY_NAME = 200;

    private static final Logger LOG = LoggerFactory.getLogger(CallDirectoryStore.class);

    private final Database db;
    private final Clock clock;
    private final String realm;
    private final StationLookup stations;
    private final DirectoryRows rows = new DirectoryRows();
    private final Object writes = new Object();
    private volatile DirectorySnapshot snapshot = DirectorySnapshot.EMPTY;

    /**
     * Opens the directory on {@code db} and loads its snapshot.
     *
     * @param realm the relay's digest realm: new passwords are hashed for it
     * @param stations where stations are claimed, so groups and rules may name the stations of their site
     * @throws StoreException if the database cannot be read
     */
    public CallDirectoryStore(Database db, Clock clock, String realm, StationLookup stations) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.realm = Objects.requireNonNull(realm, "realm");
        this.stations = Objects.requireNonNull(stations, "stations");
        reload();
        DirectorySnapshot s = snapshot;
        LOG.info("Call directory loaded: {} SIP users, {} ring groups", s.userCount(), s.groupCount());
        long otherRealm = s.users().stream().filter(u -> !u.account().realm().equals(realm)).count();
        if (otherRealm > 0) {
            LOG.warn("{} SIP users have passwords hashed for another realm than '{}': they cannot sign in until"
                    + " their password is set again", otherRealm, realm);
        }
    }

    /** The digest realm new passwords are hashed for. */
    public String realm() {
        return realm;
    }

    /** Every user and group as of the last change or {@link #reload()}; never touches the database. */
    public DirectorySnapshot snapshot() {
        return snapshot;
    }

    /** Reads the whole directory from the database again (changes made by another instance). */
    public void reload() {
        synchronized (writes) {
            snapshot = db.read("load the call directory", rows::load);
        }
    }

    // ---- SIP users ----

    /** Creates a SIP user with a password of at least {@value #MIN_PASSWORD_LENGTH} characters. */
    public DirectoryOutcome<SipUser> createUser(long siteId, String username, String displayName, String password) {
        List<String> problems = new ArrayList<>();
        CallNames.problem(username).ifPresent(p -> problems.add("username: " + p));
        displayNameProblem(displayName).ifPresent(problems::add);
        passwordProblem(password, true).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            return DirectoryOutcome.invalid("SIP user '" + username + "'", problems);
        }
        return write("create SIP user " + username, c -> {
            if (snapshot.isTaken(username)) {
                return taken(username);
            }
            Instant now = Jdbc.micros(clock.instant());
            SipAccount account = SipAccount.withPassword(username, realm, password);
            reserve(c, username, "USER", siteId);
            Jdbc.update(c, "INSERT INTO sip_users (username, site_id, display_name, realm, ha1_md5, ha1_sha256,"
                    + " rules, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)", ps -> {
                        ps.setString(1, username);
                        ps.setLong(2, siteId);
                        ps.setString(3, blankToNull(displayName));
                        ps.setString(4, account.realm());
                        ps.setString(5, account.ha1Md5());
                        ps.setString(6, account.ha1Sha256());
                        Jdbc.setInstant(ps, 7, now);
                        Jdbc.setInstant(ps, 8, now);
                    });
            return DirectoryOutcome.ok(new SipUser(username, siteId, blankToNull(displayName), account, null, now,
                    now));
        });
    }

    /**
     * Changes the display name and/or the password of a user of {@code siteId}; a null argument keeps that field
     * (an empty display name removes it).
     */
    public DirectoryOutcome<SipUser> updateUser(long siteId, String username, String displayName, String password) {
        List<String> problems = new ArrayList<>();
        displayNameProblem(displayName).ifPresent(problems::add);
        passwordProblem(password, false).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            return DirectoryOutcome.invalid("SIP user '" + username + "'", problems);
        }
        return write("update SIP user " + username, c -> {
            Optional<SipUser> user = userAt(siteId, username);
            if (user.isEmpty()) {
                return noUser(siteId, username);
            }
            SipUser old = user.get();
            SipAccount account = password == null ? old.account() : SipAccount.withPassword(username, realm, password);
            String name = displayName == null ? old.displayName() : blankToNull(displayName);
            Instant now = Jdbc.micros(clock.instant());
            Jdbc.update(c, "UPDATE sip_users SET display_name = ?, realm = ?, ha1_md5 = ?, ha1_sha256 = ?,"
                    + " updated_at = ? WHERE username = ?", ps -> {
                        ps.setString(1, name);
                        ps.setString(2, account.realm());
                        ps.setString(3, account.ha1Md5());
                        ps.setString(4, account.ha1Sha256());
                        Jdbc.setInstant(ps, 5, now);
                        ps.setString(6, username);
                    });
            return DirectoryOutcome.ok(new SipUser(username, siteId, name, account, old.rules(), old.createdAt(),
                    now));
        });
    }

    /**
     * Sets (or with null removes) the forwarding rules of a user of {@code siteId}; the profile's id must be the
     * user's name, and what its rules forward to must exist at the site. Removing rules a user does not have is
     * NOT_FOUND.
     */
    public DirectoryOutcome<SipUser> setRules(long siteId, String username, UserProfile rules) {
        return write("set the rules of SIP user " + username, c -> {
            Optional<SipUser> user = userAt(siteId, username);
            if (user.isEmpty()) {
                return noUser(siteId, username);
            }
            if (rules == null && user.get().rules() == null) {
                return DirectoryOutcome.refused(Refusal.NOT_FOUND, "SIP user '" + username
                        + "' has no forwarding rules");
            }
            if (rules != null) {
                List<String> problems = new ArrayList<>();
                if (rules.id() != null && !rules.id().equals(username)) {
                    problems.add("id: must be '" + username + "', the user the rules belong to");
                }
                problems.addAll(rules.validate());
                problems.addAll(new References(snapshot, stations, siteId).of(rules));
                if (!problems.isEmpty()) {
                    return DirectoryOutcome.invalid("user '" + username + "'", problems);
                }
            }
            String text = rules == null ? null : rows.json(rules);
            Instant now = Jdbc.micros(clock.instant());
            Jdbc.update(c, "UPDATE sip_users SET rules = ?, updated_at = ? WHERE username = ?", ps -> {
                ps.setString(1, text);
                Jdbc.setInstant(ps, 2, now);
                ps.setString(3, username);
            });
            SipUser old = user.get();
            return DirectoryOutcome.ok(new SipUser(username, siteId, old.displayName(), old.account(), rules,
                    old.createdAt(), now));
        });
    }

    /** Deletes a user of {@code siteId} with its rules, unless a group or another user's rule points at it. */
    public DirectoryOutcome<SipUser> deleteUser(long siteId, String username) {
        return write("delete SIP user " + username, c -> {
            Optional<SipUser> user = userAt(siteId, username);
            if (user.isEmpty()) {
                return noUser(siteId, username);
            }
            List<String> referrers = snapshot.referrersOf(Destination.Type.USER, username);
            if (!referrers.isEmpty()) {
                return DirectoryOutcome.refused(Refusal.IN_USE, "SIP user '" + username + "' is still used by "
                        + String.join(", ", referrers));
            }
            Jdbc.update(c, "DELETE FROM sip_users WHERE username = ?", ps -> ps.setString(1, username));
            Jdbc.update(c, "DELETE FROM call_names WHERE name = ?", ps -> ps.setString(1, username));
            return DirectoryOutcome.ok(user.get());
        });
    }

    // ---- ring groups ----

    /** Creates a ring group at {@code siteId}. */
    public DirectoryOutcome<StoredRingGroup> createGroup(long siteId, RingGroup group) {
        return write("create ring group " + group.id(), c -> {
            Optional<DirectoryOutcome<StoredRingGroup>> invalid = checkGroup(siteId, group);
            if (invalid.isPresent()) {
                return invalid.get();
            }
            if (snapshot.isTaken(group.id())) {
                return taken(group.id());
            }
            Instant now = Jdbc.micros(clock.instant());
            reserve(c, group.id(), "GROUP", siteId);
            Jdbc.update(c, "INSERT INTO ring_groups (group_id, site_id, definition, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, group.id());
                        ps.setLong(2, siteId);
                        ps.setString(3, rows.json(group));
                        Jdbc.setInstant(ps, 4, now);
                        Jdbc.setInstant(ps, 5, now);
                    });
            return DirectoryOutcome.ok(new StoredRingGroup(group, siteId, now, now));
        });
    }

    /** Replaces the definition of a ring group of {@code siteId} (its id stays). */
    public DirectoryOutcome<StoredRingGroup> updateGroup(long siteId, RingGroup group) {
        return write("update ring group " + group.id(), c -> {
            Optional<StoredRingGroup> old = groupAt(siteId, group.id());
            if (old.isEmpty()) {
                return noGroup(siteId, group.id());
            }
            Optional<DirectoryOutcome<StoredRingGroup>> invalid = checkGroup(siteId, group);
            if (invalid.isPresent()) {
                return invalid.get();
            }
            Instant now = Jdbc.micros(clock.instant());
            Jdbc.update(c, "UPDATE ring_groups SET definition = ?, updated_at = ? WHERE group_id = ?", ps -> {
                ps.setString(1, rows.json(group));
                Jdbc.setInstant(ps, 2, now);
                ps.setString(3, group.id());
            });
            return DirectoryOutcome.ok(new StoredRingGroup(group, siteId, old.get().createdAt(), now));
        });
    }

    /** Deletes a ring group of {@code siteId}, unless another group or a user's rule forwards to it. */
    public DirectoryOutcome<StoredRingGroup> deleteGroup(long siteId, String id) {
        return write("delete ring group " + id, c -> {
            Optional<StoredRingGroup> group = groupAt(siteId, id);
            if (group.isEmpty()) {
                return noGroup(siteId, id);
            }
            List<String> referrers = snapshot.referrersOf(Destination.Type.GROUP, id);
            if (!referrers.isEmpty()) {
                return DirectoryOutcome.refused(Refusal.IN_USE, "ring group '" + id + "' is still used by "
                        + String.join(", ", referrers));
            }
            Jdbc.update(c, "DELETE FROM ring_groups WHERE group_id = ?", ps -> ps.setString(1, id));
            Jdbc.update(c, "DELETE FROM call_names WHERE name = ?", ps -> ps.setString(1, id));
            return DirectoryOutcome.ok(group.get());
        });
    }

    // ---- the work ----

    /** One change of the directory. */
    @FunctionalInterface
    private interface Change<T> {
        DirectoryOutcome<T> apply(Connection c) throws SQLException;
    }

    /**
     * Runs {@code change} in one transaction against a snapshot freshly read in that transaction, and publishes
     * the directory as it is after the commit. A refused change is rolled back (it has written nothing).
     */
    private <T> DirectoryOutcome<T> write(String what, Change<T> change) {
        synchronized (writes) {
            try {
                DirectoryOutcome<T> outcome = db.inTransaction(what, c -> {
                    snapshot = rows.load(c);
                    DirectoryOutcome<T> o = change.apply(c);
                    if (!o.isOk()) {
                        c.rollback();
                    }
                    return o;
                });
                if (outcome.isOk()) {
                    snapshot = db.read("load the call directory", rows::load);
                }
                return outcome;
            } catch (StoreException e) {
                if (e.getCause() instanceof SQLException sql && Jdbc.isUniqueViolation(sql)) {
                    // another instance took the name between our read and our insert
                    return DirectoryOutcome.refused(Refusal.NAME_TAKEN, "the name is already taken (" + what + ")");
                }
                throw e;
            }
        }
    }

    private static void reserve(Connection c, String name, String kind, long siteId) throws SQLException {
        Jdbc.update(c, "INSERT INTO call_names (name, kind, site_id) VALUES (?, ?, ?)", ps -> {
            ps.setString(1, name);
            ps.setString(2, kind);
            ps.setLong(3, siteId);
        });
    }

    private Optional<SipUser> userAt(long siteId, String username) {
        return snapshot.user(username).filter(u -> u.siteId() == siteId);
    }

    private Optional<StoredRingGroup> groupAt(long siteId, String id) {
        return snapshot.group(id).filter(g -> g.siteId() == siteId);
    }

    /** The model's problems, then those of the name and of what the group names (against the snapshot). */
    private Optional<DirectoryOutcome<StoredRingGroup>> checkGroup(long siteId, RingGroup group) {
        List<String> problems = new ArrayList<>(group.validate());
        if (group.id() != null && !group.id().isBlank()) {
            CallNames.problem(group.id()).ifPresent(p -> problems.add("id: " + p));
        }
        problems.addAll(new References(snapshot, stations, siteId).of(group));
        return problems.isEmpty() ? Optional.empty()
                : Optional.of(DirectoryOutcome.invalid("ring group '" + group.id() + "'", problems));
    }

    private static Optional<String> displayNameProblem(String displayName) {
        return displayName != null && displayName.length() > MAX_DISPLAY_NAME
                ? Optional.of("displayName: at most " + MAX_DISPLAY_NAME + " characters, got " + displayName.length())
                : Optional.empty();
    }

    private static Optional<String> passwordProblem(String password, boolean required) {
        if (password == null) {
            return required ? Optional.of("password: required (at least " + MIN_PASSWORD_LENGTH + " characters)")
                    : Optional.empty();
        }
        return password.length() < MIN_PASSWORD_LENGTH
                ? Optional.of("password: at least " + MIN_PASSWORD_LENGTH + " characters")
                : Optional.empty();
    }

    private static <T> DirectoryOutcome<T> taken(String name) {
        return DirectoryOutcome.refused(Refusal.NAME_TAKEN, "the name '" + name
                + "' is already a SIP user or ring group of the relay");
    }

    private static <T> DirectoryOutcome<T> noUser(long siteId, String username) {
        return DirectoryOutcome.refused(Refusal.NOT_FOUND, "no SIP user '" + username + "' at site " + siteId);
    }

    private static <T> DirectoryOutcome<T> noGroup(long siteId, String id) {
        return DirectoryOutcome.refused(Refusal.NOT_FOUND, "no ring group '" + id + "' at site " + siteId);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
