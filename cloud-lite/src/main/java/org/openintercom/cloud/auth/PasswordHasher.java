package org.openintercom.cloud.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes and checks passwords with PBKDF2-HMAC-SHA256 from the JDK; the encoded hash carries its
 * parameters ({@code pbkdf2-sha256$iterations$salt$hash}) so the cost can be raised without breaking
 * stored hashes.
 */
public final class PasswordHasher {

    /** The lowest iteration count accepted, for hashing and for checking. */
    public static final int MIN_ITERATIONS = 210_000;
    /** The iteration count of new hashes by default. */
    public static final int DEFAULT_ITERATIONS = 310_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private volatile String dummyHash;

    /** A hasher with the default cost. */
    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /** A hasher with {@code iterations} (at least {@link #MIN_ITERATIONS}). */
    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException(
                    "PBKDF2 iterations " + iterations + " is below the minimum of " + MIN_ITERATIONS);
        }
        this.iterations = iterations;
    }

    /** The encoded hash of {@code password} with a fresh random salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(derive(password, salt, iterations));
    }

    /**
     * Whether {@code password} matches {@code encoded}, compared in constant time. A null
     * {@code encoded} (unknown user) costs as much as a real check and is false.
     */
    public boolean verify(String password, String encoded) {
        if (encoded == null) {
            if (dummyHash == null) {
                dummyHash = hash("not a password");
            }
            verify(password, dummyHash);
            return false;
        }
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("not a " + SCHEME + " hash");
        }
        int rounds = Integer.parseInt(parts[1]);
        if (rounds < MIN_ITERATIONS) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, rounds));
    }

    private static byte[] derive(String password, byte[] salt, int rounds) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, rounds, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
