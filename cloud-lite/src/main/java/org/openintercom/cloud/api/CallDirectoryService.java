package org.openintercom.cloud.api;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.openintercom.cloud.auth.Action;
import org.openintercom.cloud.auth.Decision;
import org.openintercom.cloud.auth.Permissions;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.cloud.calls.directory.CallDirectoryStore;
import org.openintercom.cloud.calls.directory.DirectoryOutcome;
import org.openintercom.cloud.calls.directory.SipUser;
import org.openintercom.cloud.calls.directory.StoredRingGroup;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.UserProfile;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.cloud.store.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP users, their forwarding rules and the ring groups of a site, for API callers: readers of the site may
 * read them, installers and administrators of the site (who may configure its devices) may change them. Every
 * change, made or refused, is audited; passwords never reach the audit log, the log or an answer.
 */
public final class CallDirectoryService {

    private static final Logger LOG = LoggerFactory.getLogger(CallDirectoryService.class);

    private final CallDirectoryStore store;
    private final OrganisationStore organisations;
    private final AuditLog audit;
    private final DeviceLifecycleListener listener;

    public CallDirectoryService(CallDirectoryStore store, OrganisationStore organisations, AuditLog audit) {
        this(store, organisations, audit, DeviceLifecycleListener.NONE);
    }

    /** @param listener told about every change made (the stations' fallback plans depend on the directory) */
    public CallDirectoryService(CallDirectoryStore store, OrganisationStore organisations, AuditLog audit,
            DeviceLifecycleListener listener) {
        this.store = store;
        this.organisations = organisations;
        this.audit = audit;
        this.listener = listener;
    }

    // ---- SIP users ----

    public Result<List<SipUser>> users(Principal caller, long siteId) {
        return site(caller, Action.READ, siteId).map(s -> store.snapshot().usersAt(siteId));
    }

    public Result<SipUser> user(Principal caller, long siteId, String username) {
        Result<Site> site = site(caller, Action.READ, siteId);
        if (!site.isOk()) {
            return Result.refused(site.problem());
        }
        return store.snapshot().user(username).filter(u -> u.siteId() == siteId).map(Result::ok)
                .orElseGet(() -> Result.refused(Problem.notFound("no SIP user '" + username + "' at site " + siteId)));
    }

    public Result<SipUser> createUser(Principal caller, long siteId, String username, String displayName,
            String password) {
        return change(caller, siteId, "sip-user-create", "sip-user:" + username,
                () -> store.createUser(siteId, username, displayName, password), u -> "site " + siteId);
    }

    /** Changes the display name and/or password; a null field is kept. */
    public Result<SipUser> updateUser(Principal caller, long siteId, String username, String displayName,
            String password) {
        String changed = (displayName == null ? "" : "display name") + (displayName != null && password != null
                ? " and " : "") + (password == null ? "" : "password");
        return change(caller, siteId, "sip-user-update", "sip-user:" + username,
                () -> store.updateUser(siteId, username, displayName, password),
                u -> "site " + siteId + ": " + (changed.isEmpty() ? "nothing" : changed) + " changed");
    }

    public Result<SipUser> deleteUser(Principal caller, long siteId, String username) {
        return change(caller, siteId, "sip-user-delete", "sip-user:" + username,
                () -> store.deleteUser(siteId, username), u -> "site " + siteId);
    }

    /** A user's forwarding rules; not found when the user has none. */
    public Result<UserProfile> rules(Principal caller, long siteId, String username) {
        Result<SipUser> user = user(caller, siteId, username);
        if (!user.isOk()) {
            return Result.refused(user.problem());
        }
        return user.value().profile().map(Result::ok).orElseGet(() -> Result.refused(Problem.notFound(
                "SIP user '" + username + "' has no forwarding rules")));
    }

    /** Sets a user's rules; a profile without an id gets the user's name. */
    public Result<SipUser> setRules(Principal caller, long siteId, String username, UserProfile rules) {
        UserProfile named = rules.id() == null ? new UserProfile(username, rules.name(), rules.zone(),
                rules.doNotDisturb(), rules.rules()) : rules;
        return change(caller, siteId, "sip-user-rules", "sip-user:" + username,
                () -> store.setRules(siteId, username, named),
                u -> "site " + siteId + ": " + named.rules().size() + " rules, do-not-disturb "
                        + (named.doNotDisturb() ? "on" : "off") + ", zone " + named.zone());
    }

    public Result<SipUser> deleteRules(Principal caller, long siteId, String username) {
        return change(caller, siteId, "sip-user-rules-delete", "sip-user:" + username,
                () -> store.setRules(siteId, username, null), u -> "site " + siteId);
    }

    // ---- ring groups ----

    public Result<List<StoredRingGroup>> groups(Principal caller, long siteId) {
        return site(caller, Action.READ, siteId).map(s -> store.snapshot().groupsAt(siteId));
    }

    public Result<StoredRingGroup> group(Principal caller, long siteId, String id) {
        Result<Site> site = site(caller, Action.READ, siteId);
        if (!site.isOk()) {
            return Result.refused(site.problem());
        }
        return store.snapshot().group(id).filter(g -> g.siteId() == siteId).map(Result::ok)
                .orElseGet(() -> Result.refused(Problem.notFound("no ring group '" + id + "' at site " + siteId)));
    }

    public Result<StoredRingGroup> createGroup(Principal caller, long siteId, RingGroup group) {
        return change(caller, siteId, "ring-group-create", "ring-group:" + group.id(),
                () -> store.createGroup(siteId, group), g -> describe(siteId, g.group()));
    }

    /** Replaces group {@code id}; a definition without an id gets it, one with another id is refused. */
    public Result<StoredRingGroup> updateGroup(Principal caller, long siteId, String id, RingGroup group) {
        if (group.id() != null && !group.id().equals(id)) {
            return Result.refused(Problem.invalid("ring group '" + id + "' is invalid: id: must be '" + id
                    + "' (the group in the path; a group cannot be renamed)"));
        }
        RingGroup named = group.id() != null ? group : new RingGroup(id, group.name(), group.strategy(),
                group.members(), group.advanceSeconds(), group.noAnswerSeconds(), group.earlyMedia(), group.zone(),
                group.openingHours(), group.whenClosed(), group.onNoAnswer(), group.maxQueue(), group.whenQueueFull());
        return change(caller, siteId, "ring-group-update", "ring-group:" + id,
                () -> store.updateGroup(siteId, named), g -> describe(siteId, g.group()));
    }

    public Result<StoredRingGroup> deleteGroup(Principal caller, long siteId, String id) {
        return change(caller, siteId, "ring-group-delete", "ring-group:" + id,
                () -> store.deleteGroup(siteId, id), g -> "site " + siteId);
    }

    // ---- shared ----

    /** What an audit entry of a change to a group says. */
    private static String describe(long siteId, RingGroup g) {
        return "site " + siteId + ": " + g.strategy() + ", " + g.members().size() + " members";
    }

    /**
     * Checks that {@code caller} may configure {@code siteId}, makes the change and audits the outcome: OK with
     * {@code detail}, or REFUSED with the reason.
     */
    private <T> Result<T> change(Principal caller, long siteId, String action, String target,
            Supplier<DirectoryOutcome<T>> work, java.util.function.Function<T, String> detail) {
        Result<Site> site = site(caller, Action.CONFIGURE, siteId);
        Result<T> result;
        if (!site.isOk()) {
            result = Result.refused(site.problem());
        } else {
            DirectoryOutcome<T> outcome = work.get();
            result = outcome.isOk() ? Result.ok(outcome.value()) : Result.refused(problem(outcome));
        }
        if (result.isOk()) {
            audit.record(caller.username(), action, target, AuditEntry.Outcome.OK, detail.apply(result.value()));
            LOG.info("{} {} by {} ({})", action, target, caller.username(), detail.apply(result.value()));
            try {
                listener.onCallDirectoryChanged(siteId);
            } catch (RuntimeException e) {
                LOG.warn("Listener failed after {} {}", action, target, e);
            }
        } else {
            audit.record(caller.username(), action, target, AuditEntry.Outcome.REFUSED,
                    "site " + siteId + ": " + result.problem().detail());
        }
        return result;
    }

    private static Problem problem(DirectoryOutcome<?> outcome) {
        return switch (outcome.refusal()) {
            case INVALID -> Problem.invalid(outcome.detail());
            case NAME_TAKEN, IN_USE -> Problem.conflict(outcome.detail());
            case NOT_FOUND -> Problem.notFound(outcome.detail());
        };
    }

    private Result<Site> site(Principal caller, Action action, long siteId) {
        Optional<Site> site = organisations.findSite(siteId);
        if (site.isEmpty()) {
            return Result.refused(Problem.notFound("no site " + siteId));
        }
        Decision d = Permissions.check(caller, action, site.get().scope());
        return d.allowed() ? Result.ok(site.get()) : Result.refused(Problem.forbidden(d.reason()));
    }
}
