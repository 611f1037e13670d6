package org.openintercom.cloud.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/** Issues and checks signed bearer tokens (JWT, HS256 with a 256-bit secret). */
public final class TokenService {

    /** How long a token is accepted unless configured otherwise. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(8);
    /** The issuer written into and required of every token. */
    public static final String DEFAULT_ISSUER = "openintercom-cloud-lite";

    private static final int SECRET_BYTES = 32;
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final byte[] secret;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;

    /** A service signing with {@code secret} (at least 32 bytes). */
    public TokenService(byte[] secret, String issuer, Duration lifetime, Clock clock) {
        if (secret.length < SECRET_BYTES) {
            throw new IllegalArgumentException("the token secret must have at least 256 bits");
        }
        this.secret = secret.clone();
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A service whose secret is read from {@code secretFile}, which is created with 256 random bits and
     * owner-only permissions if it does not exist.
     */
    public static TokenService withSecretFile(Path secretFile, Duration lifetime, Clock clock) {
        return new TokenService(loadOrCreateSecret(secretFile), DEFAULT_ISSUER, lifetime, clock);
    }

    /** Reads the secret in {@code file}, creating it first if needed. */
    static byte[] loadOrCreateSecret(Path file) {
        if (!Files.exists(file)) {
            byte[] fresh = new byte[SECRET_BYTES];
            new SecureRandom().nextBytes(fresh);
            SecretFiles.createOwnerOnly(file, fresh);
            return fresh;
        }
        try {
            byte[] stored = Files.readAllBytes(file);
            if (stored.length < SECRET_BYTES) {
                throw new IllegalStateException(file + " holds " + stored.length
                        + " bytes; a token secret needs 32. Delete it to have a new one made.");
            }
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token secret " + file, e);
        }
    }

    /** A new token for {@code username}. */
    public IssuedToken issue(String username) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(username)
                .issuer(issuer)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return new IssuedToken(jwt.serialize(), expires);
    }

    /** Checks the signature, algorithm, issuer and lifetime of {@code token}. */
    public TokenCheck verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                return TokenCheck.invalid("token algorithm is not HS256");
            }
            if (!jwt.verify(new MACVerifier(secret))) {
                return TokenCheck.invalid("token signature is not valid");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!issuer.equals(claims.getIssuer())) {
                return TokenCheck.invalid("token was issued by someone else");
            }
            Instant now = clock.instant();
            if (claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant())) {
                return TokenCheck.invalid("token has expired; sign in again");
            }
            if (claims.getIssueTime() == null
                    || claims.getIssueTime().toInstant().isAfter(now.plus(CLOCK_SKEW))) {
                return TokenCheck.invalid("token issue time is missing or in the future");
            }
            if (claims.getSubject() == null || claims.getSubject().isBlank()) {
                return TokenCheck.invalid("token has no subject");
            }
            return TokenCheck.valid(claims.getSubject());
        } catch (ParseException e) {
            return TokenCheck.invalid("token is not a signed JWT");
        } catch (JOSEException e) {
            return TokenCheck.invalid("token cannot be verified: " + e.getMessage());
        }
    }
}
