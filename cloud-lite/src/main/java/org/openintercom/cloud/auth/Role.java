package org.openintercom.cloud.auth;

import java.util.EnumSet;
import java.util.Set;

/** What a user may do within a scope: administer, install (claim and configure) or only look. */
public enum Role {
    /** Everything, including users, role assignments and transfers. */
    ADMIN(EnumSet.allOf(Action.class)),
    /** Reads, claims, configures and unclaims devices; creates sites. */
    INSTALLER(EnumSet.of(Action.READ, Action.CONFIGURE)),
    /** Reads, uploads firmware and runs rollouts (the operator of a fleet). */
    OPERATOR(EnumSet.of(Action.READ, Action.RELEASE)),
    /** Reads only. */
    VIEWER(EnumSet.of(Action.READ));

    private final Set<Action> actions;

    Role(Set<Action> actions) {
        this.actions = actions;
    }

    /** Whether this role allows {@code action}. */
    public boolean allows(Action action) {
        return actions.contains(action);
    }
}
