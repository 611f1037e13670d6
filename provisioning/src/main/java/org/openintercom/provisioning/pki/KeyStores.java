package org.openintercom.provisioning.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/** Builds in-memory PKCS#12 key stores: one holding a key with its chain, or one of trusted certificates. */
public final class KeyStores {

    /** Alias of the key entry in a key store made by {@link #pkcs12}. */
    public static final String KEY_ALIAS = "identity";

    private KeyStores() {
    }

    /** A PKCS#12 store with {@code key} and its {@code chain} (leaf first) under {@link #KEY_ALIAS}. */
    public static KeyStore pkcs12(PrivateKey key, List<X509Certificate> chain, char[] password) {
        try {
            KeyStore ks = empty();
            ks.setKeyEntry(KEY_ALIAS, key, password, chain.toArray(Certificate[]::new));
            return ks;
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot put a " + key.getAlgorithm() + " key into a PKCS#12 store: "
                    + e.getMessage(), e);
        }
    }

    /** A PKCS#12 store of trusted certificates (aliases {@code trusted-0}, {@code trusted-1}, ...). */
    public static KeyStore trust(Collection<X509Certificate> certificates) {
        try {
            KeyStore ks = empty();
            int i = 0;
            for (X509Certificate c : certificates) {
                ks.setCertificateEntry("trusted-" + i++, c);
            }
            return ks;
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot build a trust store: " + e.getMessage(), e);
        }
    }

    private static KeyStore empty() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return ks;
    }
}
