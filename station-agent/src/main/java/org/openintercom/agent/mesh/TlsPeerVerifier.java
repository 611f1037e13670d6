package org.openintercom.agent.mesh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.openintercom.agent.sip.SipIdentity;
import org.openintercom.provisioning.pki.KeyStores;
import org.openintercom.provisioning.pki.SslContexts;

/**
 * Verifies a peer with a mutual TLS handshake to its advertised address and port, showing the station's own device
 * certificate (as the mesh SIP calls will), and judges the chain the peer shows with a {@link PeerCertificateCheck}.
 * No host name check: link-local peers have no names; the device id in the certificate is what is checked.
 */
public final class TlsPeerVerifier implements PeerVerifier {

    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private final KeyManager[] keyManagers;
    private final PeerCertificateCheck check;
    private final Duration connectTimeout;
    private final Duration handshakeTimeout;

    /**
     * @param key the station's operational private key
     * @param chain its device certificate chain, leaf first
     */
    public TlsPeerVerifier(PrivateKey key, List<X509Certificate> chain, PeerCertificateCheck check,
            Duration connectTimeout, Duration handshakeTimeout) {
        this.check = Objects.requireNonNull(check, "check");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.handshakeTimeout = Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        try {
            KeyStore store = KeyStores.pkcs12(key, chain, IN_MEMORY);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(store, IN_MEMORY);
            this.keyManagers = kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the station's key for mesh TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The verifier a station uses: its SIP identity's key, chain and cloud trust anchors, the revocation list it
     * cached last (read at every check), and the settings' probe timeout for connecting and for the handshake.
     */
    public static TlsPeerVerifier forStation(SipIdentity identity, Supplier<Optional<X509CRL>> cachedCrl,
            MeshSettings settings, Clock clock) {
        return new TlsPeerVerifier(identity.key(), identity.chain(),
                new PeerCertificateCheck(identity.trustAnchors(), cachedCrl, clock), settings.probeTimeout(),
                settings.probeTimeout());
    }

    @Override
    public Verification verify(MeshAnnouncement announcement, InetSocketAddress address) {
        CheckingTrustManager trust = new CheckingTrustManager(announcement);
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(keyManagers, new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context: " + e.getMessage(), e);
        }
        try (Socket plain = new Socket()) {
            plain.connect(address, (int) connectTimeout.toMillis());
            plain.setSoTimeout((int) handshakeTimeout.toMillis());
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain,
                    announcement.deviceId(), address.getPort(), false)) {
                tls.setSSLParameters(clientParameters(context));
                tls.startHandshake();
                return Verification.trusted();
            }
        } catch (SSLException e) {
            return trust.problem.map(Verification::rejected)
                    .orElseGet(() -> Verification.unreachable("TLS handshake failed: " + e.getMessage()));
        } catch (IOException e) {
            return Verification.unreachable("cannot connect: " + e.getMessage());
        }
    }

    private static javax.net.ssl.SSLParameters clientParameters(SSLContext context) {
        javax.net.ssl.SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(SslContexts.PROTOCOLS);
        return p;
    }

    /** Accepts a server chain only if the check finds nothing wrong with it for this announcement. */
    private final class CheckingTrustManager extends X509ExtendedTrustManager {

        private final MeshAnnouncement announcement;
        private volatile Optional<String> problem = Optional.empty();

        CheckingTrustManager(MeshAnnouncement announcement) {
            this.announcement = announcement;
        }

        private void checkServer(X509Certificate[] chain) throws CertificateException {
            problem = check.problem(chain == null ? List.of() : List.of(chain), announcement);
            if (problem.isPresent()) {
                throw new CertificateException(problem.get());
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            checkServer(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServer(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServer(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the mesh verifier is a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("the mesh verifier is a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("the mesh verifier is a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
