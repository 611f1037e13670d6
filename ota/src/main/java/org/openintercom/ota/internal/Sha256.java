package org.openintercom.ota.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 digests from the JDK (every Java runtime has it). */
public final class Sha256 {

    private Sha256() {
    }

    /** A new SHA-256 digest. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** The SHA-256 of {@code bytes[offset, offset + length)} as lower-case hex. */
    public static String hex(byte[] bytes, int offset, int length) {
        MessageDigest d = digest();
        d.update(bytes, offset, length);
        return Hex.of(d.digest());
    }
}
