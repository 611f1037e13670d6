package org.openintercom.provisioning.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/** Makes TLS contexts for mutual authentication with this project's certificates (TLS 1.3 and 1.2 only). */
public final class SslContexts {

    /** The protocols offered and accepted. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private SslContexts() {
    }

    /**
     * A context presenting the key in {@code key} and trusting only the certificates in {@code trust}; usable
     * as client or server. Apply {@link #serverParameters(SSLContext)} or {@link #clientParameters(SSLContext)}
     * to sockets and engines: they restrict the protocols to TLS 1.3 and 1.2 and require a client certificate
     * (server) or check the server's name (client).
     */
    public static SSLContext mutual(KeyStore key, char[] password, KeyStore trust) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(key, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * A context presenting {@code key} with its {@code chain} (leaf first) and trusting only {@code trust}; the key
     * stays in memory (an in-memory PKCS#12 store with a throw-away password).
     */
    public static SSLContext mutual(java.security.PrivateKey key, java.util.List<java.security.cert.X509Certificate> chain,
            java.util.Collection<java.security.cert.X509Certificate> trust) {
        char[] password = "in-memory".toCharArray();
        return mutual(KeyStores.pkcs12(key, chain, password), password, KeyStores.trust(trust));
    }

    /** Parameters for a server socket or engine: TLS 1.3/1.2 and a client certificate required. */
    public static SSLParameters serverParameters(SSLContext context) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setNeedClientAuth(true);
        return p;
    }

    /** Parameters for a client socket or engine: TLS 1.3/1.2 and HTTPS-style host name checks. */
    public static SSLParameters clientParameters(SSLContext context) {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }
}
