package org.openintercom.agent.sip;

import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Objects;

/**
 * The key store (our certificate and private key) and trust store (the CAs whose certificates we accept) of the
 * TLS transport, given either as PKCS12 files with passwords or as loaded {@link KeyStore}s, and whether peers
 * that connect to us must present a certificate.
 */
public final class TlsMaterial {

    private final KeyStore keyStore;
    private final char[] keyPassword;
    private final KeyStore trustStore;
    private final boolean requireClientCertificates;

    private TlsMaterial(KeyStore keyStore, char[] keyPassword, KeyStore trustStore, boolean requireClient) {
        this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
        this.keyPassword = keyPassword.clone();
        this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
        this.requireClientCertificates = requireClient;
    }

    /** Loads PKCS12 key and trust stores; a file that cannot be read is an {@link IllegalArgumentException}. */
    public static TlsMaterial pkcs12(Path keyStore, char[] keyStorePassword, Path trustStore,
            char[] trustStorePassword, boolean requireClientCertificates) {
        return new TlsMaterial(load(keyStore, keyStorePassword), keyStorePassword, load(trustStore,
                trustStorePassword), requireClientCertificates);
    }

    /** Uses already loaded stores; {@code keyPassword} unlocks the private key entry. */
    public static TlsMaterial of(KeyStore keyStore, char[] keyPassword, KeyStore trustStore,
            boolean requireClientCertificates) {
        return new TlsMaterial(keyStore, keyPassword, trustStore, requireClientCertificates);
    }

    private static KeyStore load(Path file, char[] password) {
        try (var in = java.nio.file.Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read PKCS12 store " + file.toAbsolutePath()
                    + " (check the path and password): " + e.getMessage(), e);
        }
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    public char[] keyPassword() {
        return keyPassword.clone();
    }

    public KeyStore trustStore() {
        return trustStore;
    }

    public boolean requireClientCertificates() {
        return requireClientCertificates;
    }
}
