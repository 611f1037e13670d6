package org.openintercom.simulator.bench;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.openintercom.provisioning.pki.KeyStores;

/**
 * Presents one key and chain as a TLS client without a password-protected PKCS#12 store: the JDK's PKIX key
 * manager decrypts a PKCS#12 key (PBKDF2, 10,000 rounds) at each new context's first handshake, which on the
 * benchmark's two cores would be client cost charged to every broker alike.
 */
final class DeviceKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "device";

    private final PrivateKey key;
    private final X509Certificate[] chain;

    private DeviceKeyManager(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = chain.toArray(X509Certificate[]::new);
    }

    /** A new TLS context (own session cache) presenting {@code keys}/{@code chain} and trusting {@code trust}. */
    static SSLContext context(KeyPair keys, List<X509Certificate> chain, List<X509Certificate> trust) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(KeyStores.trust(trust));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new DeviceKeyManager(keys.getPrivate(), chain)}, tmf.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a device TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[0];
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
