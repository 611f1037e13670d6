package org.openintercom.ota;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.openintercom.provisioning.pki.KeyPairs;

/** Generates release-signing key pairs: Ed25519 or EC P-256. */
public final class ReleaseKeys {

    private ReleaseKeys() {
    }

    /** A new key pair for {@code algorithm}. */
    public static KeyPair generate(SigningAlgorithm algorithm) {
        return switch (algorithm) {
            case ED25519 -> ed25519();
            case ECDSA_P256_SHA256 -> KeyPairs.ecP256();
        };
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot make Ed25519 keys: " + e.getMessage(), e);
        }
    }
}
