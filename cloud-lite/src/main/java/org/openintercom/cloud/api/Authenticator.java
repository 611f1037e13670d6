package org.openintercom.cloud.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openintercom.cloud.auth.Grant;
import org.openintercom.cloud.auth.IssuedToken;
import org.openintercom.cloud.auth.PasswordHasher;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.cloud.auth.TokenCheck;
import org.openintercom.cloud.auth.TokenService;
import org.openintercom.cloud.store.AuditEntry.Outcome;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.cloud.store.RoleAssignment;
import org.openintercom.cloud.store.User;
import org.openintercom.cloud.store.UserStore;

/** Signs users in with their password and turns bearer tokens back into principals with their roles. */
public final class Authenticator {

    private final UserStore users;
    private final OrganisationStore organisations;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final AuditLog audit;

    public Authenticator(UserStore users, OrganisationStore organisations, PasswordHasher hasher,
            TokenService tokens, AuditLog audit) {
        this.users = users;
        this.organisations = organisations;
        this.hasher = hasher;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** A token for {@code username} if {@code password} is theirs; refused attempts are audited. */
    public Optional<IssuedToken> signIn(String username, String password) {
        Optional<User> user = users.find(username);
        if (!hasher.verify(password, user.map(User::passwordHash).orElse(null))) {
            audit.record(username, "sign-in", "user:" + username, Outcome.REFUSED, "wrong username or password");
            return Optional.empty();
        }
        return Optional.of(tokens.issue(username));
    }

    /** The principal a bearer token stands for, or why it is not accepted. */
    public Result<Principal> authenticate(String bearerToken) {
        TokenCheck check = tokens.verify(bearerToken);
        if (!check.isValid()) {
            return Result.refused(Problem.unauthenticated(check.problem()));
        }
        if (users.find(check.username()).isEmpty()) {
            return Result.refused(
                    Problem.unauthenticated("user " + check.username() + " no longer exists"));
        }
        return Result.ok(principalOf(check.username()));
    }

    /** The principal {@code username} with the roles currently assigned (scopes that no longer exist are left out). */
    public Principal principalOf(String username) {
        List<Grant> grants = new ArrayList<>();
        for (RoleAssignment a : users.assignments(username)) {
            organisations.scopeOf(a.scopeType(), a.scopeId()).ifPresent(scope -> grants.add(new Grant(a.role(), scope)));
        }
        return new Principal(username, grants);
    }
}
