package org.openintercom.cloud.auth;

import java.util.Objects;

/** One role a user holds at one scope. */
public record Grant(Role role, Scope scope) {

    public Grant {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(scope, "scope");
    }

    @Override
    public String toString() {
        return role + " at " + scope;
    }
}
