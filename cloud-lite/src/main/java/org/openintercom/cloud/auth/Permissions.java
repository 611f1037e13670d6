package org.openintercom.cloud.auth;

/**
 * The permission rules: a role at a scope allows its actions on that scope and everything inside it; a
 * request outside all of a user's scopes is refused.
 */
public final class Permissions {

    private Permissions() {
    }

    /** Whether {@code principal} may do {@code action} on {@code target}, with the reason if not. */
    public static Decision check(Principal principal, Action action, Scope target) {
        Grant covering = null;
        for (Grant grant : principal.grants()) {
            if (grant.scope().contains(target)) {
                if (grant.role().allows(action)) {
                    return Decision.allow();
                }
                covering = grant;
            }
        }
        if (covering != null) {
            return Decision.refuse(principal.username() + " is " + covering + ", which does not allow "
                    + describe(action) + " (" + target + ")");
        }
        return Decision.refuse(principal.username() + " has no role covering " + target);
    }

    /** Whether {@code principal} may see that {@code node} exists (it holds a role at, above or below it). */
    public static boolean canSee(Principal principal, Scope node) {
        return principal.grants().stream().anyMatch(g -> g.scope().overlaps(node));
    }

    /** Whether {@code principal} is an administrator anywhere (may create users). */
    public static boolean isAdminAnywhere(Principal principal) {
        return principal.grants().stream().anyMatch(g -> g.role() == Role.ADMIN);
    }

    private static String describe(Action action) {
        return switch (action) {
            case READ -> "reading";
            case CONFIGURE -> "claiming or configuring";
            case ADMINISTER -> "administration";
            case RELEASE -> "managing firmware and rollouts";
        };
    }
}
