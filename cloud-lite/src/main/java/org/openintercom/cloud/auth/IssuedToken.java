package org.openintercom.cloud.auth;

import java.time.Instant;

/** A bearer token handed out at sign-in and when it stops being accepted. */
public record IssuedToken(String token, Instant expiresAt) {
}
