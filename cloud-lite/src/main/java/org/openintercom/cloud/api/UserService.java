package org.openintercom.cloud.api;

import java.util.Optional;
import java.util.regex.Pattern;
import org.openintercom.cloud.auth.Action;
import org.openintercom.cloud.auth.Decision;
import org.openintercom.cloud.auth.PasswordHasher;
import org.openintercom.cloud.auth.Permissions;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.cloud.auth.Role;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.cloud.auth.ScopeType;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.cloud.store.RoleAssignment;
import org.openintercom.cloud.store.User;
import org.openintercom.cloud.store.UserStore;

/** Creates users and assigns them roles; only administrators may. */
public final class UserService {

    /** The shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 10;

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final UserStore users;
    private final OrganisationStore organisations;
    private final PasswordHasher hasher;
    private final AuditLog audit;

    public UserService(UserStore users, OrganisationStore organisations, PasswordHasher hasher, AuditLog audit) {
        this.users = users;
        this.organisations = organisations;
        this.hasher = hasher;
        this.audit = audit;
    }

    /** Creates a user without roles (any administrator). */
    public Result<User> createUser(Principal caller, String username, String password) {
        if (!Permissions.isAdminAnywhere(caller)) {
            return Result.refused(Problem.forbidden(caller.username() + " is not an administrator"));
        }
        if (username == null || !USERNAME.matcher(username).matches()) {
            return Result.refused(Problem.invalid("username must be 1 to 64 lower-case letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit"));
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            return Result.refused(Problem.invalid("password must have at least " + MIN_PASSWORD_LENGTH + " characters"));
        }
        Optional<User> created = users.create(username, hasher.hash(password));
        if (created.isEmpty()) {
            return Result.refused(Problem.conflict("user " + username + " exists already"));
        }
        audit.record(caller.username(), "create-user", "user:" + username, AuditEntry.Outcome.OK, null);
        return Result.ok(created.get());
    }

    /** Gives a user a role at a scope (administrators of that scope). */
    public Result<RoleAssignment> assignRole(Principal caller, String username, Role role, ScopeType scopeType,
            long scopeId) {
        if (role == null || scopeType == null) {
            return Result.refused(Problem.invalid("role and scopeType are required"));
        }
        long id = scopeType == ScopeType.SYSTEM ? 0 : scopeId;
        Optional<Scope> scope = organisations.scopeOf(scopeType, id);
        if (scope.isEmpty()) {
            return Result.refused(Problem.notFound("no " + scopeType.name().toLowerCase() + " " + scopeId));
        }
        Decision d = Permissions.check(caller, Action.ADMINISTER, scope.get());
        String target = "user:" + username;
        String what = role + " at " + scope.get();
        if (!d.allowed()) {
            audit.record(caller.username(), "assign-role", target, AuditEntry.Outcome.REFUSED, what + ": " + d.reason());
            return Result.refused(Problem.forbidden(d.reason()));
        }
        if (users.find(username).isEmpty()) {
            return Result.refused(Problem.notFound("no user " + username));
        }
        users.assign(username, role, scopeType, id);
        audit.record(caller.username(), "assign-role", target, AuditEntry.Outcome.OK, what);
        return Result.ok(new RoleAssignment(username, role, scopeType, id));
    }
}
