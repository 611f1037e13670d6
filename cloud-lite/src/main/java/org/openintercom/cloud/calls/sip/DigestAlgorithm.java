package org.openintercom.cloud.calls.sip;

import java.util.Optional;

/** The digest algorithms the relay offers (RFC 8760: SHA-256 first, MD5 for older phones). */
enum DigestAlgorithm {
    SHA_256("SHA-256", "SHA-256"),
    MD5("MD5", "MD5");

    private final String token;
    private final String jdkName;

    DigestAlgorithm(String token, String jdkName) {
        this.token = token;
        this.jdkName = jdkName;
    }

    /** The name in the {@code algorithm=} parameter. */
    String token() {
        return token;
    }

    String hash(String text) {
        return SipAccount.hex(jdkName, text);
    }

    /** The algorithm an {@code algorithm=} value names (absent means MD5, RFC 2617). */
    static Optional<DigestAlgorithm> of(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.of(MD5);
        }
        for (DigestAlgorithm a : values()) {
            if (a.token.equalsIgnoreCase(token)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
