package org.openintercom.provisioning.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** Generates key pairs locally: the private key stays with the caller and is never sent anywhere. */
public final class KeyPairs {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyPairs() {
    }

    /** A new EC key pair on NIST P-256 (secp256r1): device birth and operational keys. */
    public static KeyPair ecP256() {
        return ec("secp256r1");
    }

    /** A new EC key pair on NIST P-384 (secp384r1): certificate authority keys. */
    public static KeyPair ecP384() {
        return ec("secp384r1");
    }

    private static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate an EC key on " + curve + ": " + e.getMessage(), e);
        }
    }
}
