package org.openintercom.cloud.auth;

import java.util.Optional;

/** The outcome of checking a bearer token: the username it was issued to, or why it is not accepted. */
public record TokenCheck(String username, String problem) {

    /** A valid token of {@code username}. */
    public static TokenCheck valid(String username) {
        return new TokenCheck(username, null);
    }

    /** A token refused for {@code problem}. */
    public static TokenCheck invalid(String problem) {
        return new TokenCheck(null, problem);
    }

    /** Whether the token is accepted. */
    public boolean isValid() {
        return username != null;
    }

    /** The username if the token is accepted. */
    public Optional<String> user() {
        return Optional.ofNullable(username);
    }
}
