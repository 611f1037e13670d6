package org.openintercom.agent.media;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * SDES keying (RFC 4568) of one SRTP call: the crypto suite ({@code AES_CM_128_HMAC_SHA1_80}) and the 30-byte
 * master key + salt each side sends with. The local key protects what we send; the remote key what we receive.
 * Static helpers generate a key and convert it to and from the SDP {@code inline:} form.
 */
public record SrtpKeys(String suite, byte[] localKeyAndSalt, byte[] remoteKeyAndSalt) {

    public static final String AES_CM_128_HMAC_SHA1_80 = "AES_CM_128_HMAC_SHA1_80";
    /** 16-byte master key followed by a 14-byte master salt. */
    public static final int KEY_AND_SALT_LENGTH = 30;

    private static final SecureRandom RANDOM = new SecureRandom();

    public SrtpKeys {
        if (!AES_CM_128_HMAC_SHA1_80.equals(suite)) {
            throw new IllegalArgumentException("unsupported SRTP suite " + suite);
        }
        if (localKeyAndSalt == null || localKeyAndSalt.length != KEY_AND_SALT_LENGTH
                || remoteKeyAndSalt == null || remoteKeyAndSalt.length != KEY_AND_SALT_LENGTH) {
            throw new IllegalArgumentException("SRTP master key + salt must be " + KEY_AND_SALT_LENGTH + " bytes");
        }
        localKeyAndSalt = localKeyAndSalt.clone();
        remoteKeyAndSalt = remoteKeyAndSalt.clone();
    }

    /** AES_CM_128_HMAC_SHA1_80 keys. */
    public static SrtpKeys aesCm128(byte[] localKeyAndSalt, byte[] remoteKeyAndSalt) {
        return new SrtpKeys(AES_CM_128_HMAC_SHA1_80, localKeyAndSalt, remoteKeyAndSalt);
    }

    @Override
    public byte[] localKeyAndSalt() {
        return localKeyAndSalt.clone();
    }

    @Override
    public byte[] remoteKeyAndSalt() {
        return remoteKeyAndSalt.clone();
    }

    /** A fresh random 30-byte master key + salt from a {@link SecureRandom}. */
    public static byte[] generateKeyAndSalt() {
        byte[] k = new byte[KEY_AND_SALT_LENGTH];
        RANDOM.nextBytes(k);
        return k;
    }

    /** The SDP key parameter, e.g. {@code inline:WVNfX19zZW...} (base64 of key + salt, no lifetime/MKI). */
    public static String toInline(byte[] keyAndSalt) {
        return "inline:" + Base64.getEncoder().encodeToString(keyAndSalt);
    }

    /**
     * Parses {@code inline:<base64>[|lifetime][|mki:len]} (the prefix is optional); the lifetime and MKI are
     * ignored. Throws {@link IllegalArgumentException} naming the problem if it is not 30 bytes of base64.
     */
    public static byte[] fromInline(String keyParams) {
        String s = keyParams.trim();
        if (s.startsWith("inline:")) {
            s = s.substring("inline:".length());
        }
        int bar = s.indexOf('|');
        if (bar >= 0) {
            s = s.substring(0, bar);
        }
        byte[] k;
        try {
            k = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SDES key is not base64: " + keyParams, e);
        }
        if (k.length != KEY_AND_SALT_LENGTH) {
            throw new IllegalArgumentException("SDES key must be " + KEY_AND_SALT_LENGTH + " bytes, not " + k.length);
        }
        return k;
    }
}
