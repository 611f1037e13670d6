package org.openintercom.cloud.auth;

import java.util.List;
import java.util.Objects;

/** A signed-in user and the roles they hold. */
public record Principal(String username, List<Grant> grants) {

    public Principal {
        Objects.requireNonNull(username, "username");
        grants = List.copyOf(grants);
    }
}
