package org.openintercom.agent.sdp;

import java.util.Base64;
import java.util.Objects;

/**
 * One SDES {@code a=crypto:tag suite inline:key} attribute (RFC 4568). {@code keyParams} is the text after
 * {@code inline:} (base64 key and salt, optionally followed by {@code |lifetime|MKI}).
 */
public record CryptoAttribute(int tag, String suite, String keyParams) {

    public CryptoAttribute {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(keyParams, "keyParams");
    }

    /** A crypto attribute carrying {@code keyAndSalt} inline. */
    public static CryptoAttribute inline(int tag, String suite, byte[] keyAndSalt) {
        return new CryptoAttribute(tag, suite, Base64.getEncoder().encodeToString(keyAndSalt));
    }

    /**
     * The decoded master key and salt (a lifetime after {@code |} is ignored), or null when the key is not valid
     * base64 or carries an MKI, which we do not support.
     */
    public byte[] keyAndSalt() {
        String[] parts = keyParams.split("\\|");
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].contains(":")) {
                return null;
            }
        }
        try {
            return Base64.getDecoder().decode(parts[0]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    String value() {
        return tag + " " + suite + " inline:" + keyParams;
    }
}
