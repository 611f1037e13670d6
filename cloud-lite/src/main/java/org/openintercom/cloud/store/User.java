package org.openintercom.cloud.store;

import java.time.Instant;

/** A person who signs in to the installer API, with their password hash. */
public record User(String username, String passwordHash, Instant createdAt) {

    @Override
    public String toString() {
        return "User[" + username + "]";
    }
}
