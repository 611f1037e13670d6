package org.openintercom.cloud.calls.sip;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP digest authentication for SIP (RFC 3261 §22, RFC 7616, RFC 8760): challenges with a stateless nonce and
 * checks the answers. The nonce is the issue time and an HMAC over it with a key made at start, so any nonce the
 * relay made in the last {@link #lifetime} is good without a table, and an older one is answered with a fresh
 * challenge marked {@code stale=true} (the phone retries without asking its user).
 */
final class DigestAuth {

    /** The outcome of checking a request's credentials. */
    sealed interface Check {
        /** The credentials are right; {@code username} is who sent the request. */
        record Passed(String username) implements Check {
        }

        /** No credentials for this realm: challenge. */
        record Missing() implements Check {
        }

        /** Right password, old nonce: challenge again with {@code stale=true}. */
        record Stale() implements Check {
        }

        /** Unknown user, wrong password, a nonce we never made, or malformed credentials: refuse and say why. */
        record Failed(String reason) implements Check {
        }
    }

    /** What a client sent in an Authorization or Proxy-Authorization header. */
    record Credentials(String username, String realm, String nonce, String uri, String response, String algorithm,
            String qop, String cnonce, String nc) {
    }

    private final String realm;
    private final Duration lifetime;
    private final Clock clock;
    private final byte[] key = new byte[32];

    DigestAuth(String realm, Duration lifetime, Clock clock) {
        this.realm = realm;
        this.lifetime = lifetime;
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    String realm() {
        return realm;
    }

    /** A fresh nonce. */
    String nonce() {
        String time = Long.toHexString(clock.millis());
        return time + "." + mac(time);
    }

    /** Checks credentials for a request with {@code method}; {@code credentials} is empty when none were sent. */
    Check check(String method, Optional<Credentials> credentials, SipAccounts accounts) {
        if (credentials.isEmpty() || !realm.equals(credentials.get().realm())) {
            return new Check.Missing();
        }
        Credentials c = credentials.get();
        if (c.username() == null || c.nonce() == null || c.uri() == null || c.response() == null) {
            return new Check.Failed("incomplete credentials (username, nonce, uri and response are required)");
        }
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.of(c.algorithm());
        if (algorithm.isEmpty()) {
            return new Check.Failed("unsupported digest algorithm " + c.algorithm());
        }
        Optional<Long> issued = issuedAt(c.nonce());
        if (issued.isEmpty()) {
            return new Check.Failed("a nonce this relay did not make");
        }
        Optional<SipAccount> account = accounts.find(c.username());
        if (account.isEmpty()) {
            return new Check.Failed("no SIP user '" + c.username() + "'");
        }
        DigestAlgorithm h = algorithm.get();
        String ha2 = h.hash(method + ":" + c.uri());
        String expected;
        String qop = c.qop() == null ? null : c.qop().toLowerCase(Locale.ROOT);
        if (qop == null) {
            expected = h.hash(account.get().ha1(h) + ":" + c.nonce() + ":" + ha2);
        } else if (qop.equals("auth")) {
            if (c.cnonce() == null || c.nc() == null) {
                return new Check.Failed("qop=auth without cnonce or nc");
            }
            expected = h.hash(account.get().ha1(h) + ":" + c.nonce() + ":" + c.nc() + ":" + c.cnonce() + ":auth:"
                    + ha2);
        } else {
            return new Check.Failed("unsupported qop " + c.qop());
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                c.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return new Check.Failed("wrong password for SIP user '" + c.username() + "'");
        }
        if (clock.millis() - issued.get() > lifetime.toMillis()) {
            return new Check.Stale();
        }
        return new Check.Passed(c.username());
    }

    /** When the relay made {@code nonce}, if it did. */
    private Optional<Long> issuedAt(String nonce) {
        int dot = nonce.indexOf('.');
        if (dot <= 0 || dot > 16) {
            return Optional.empty();
        }
        String time = nonce.substring(0, dot);
        if (!MessageDigest.isEqual(mac(time).getBytes(StandardCharsets.US_ASCII),
                nonce.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(time, 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
