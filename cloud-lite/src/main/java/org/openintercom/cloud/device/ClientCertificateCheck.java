package org.openintercom.cloud.device;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.openintercom.provisioning.pki.CertPaths;

/**
 * Client certificates at the device endpoint: the TLS handshake only makes the device prove it holds the key of
 * the certificate it presents; whether that certificate is acceptable (birth certificate from the manufacturer,
 * operational certificate from the cloud CA, in date) is decided by {@link DeviceEndpoint}, so that a refusal
 * gets an HTTP answer with the reason and an audit entry instead of a bare handshake failure.
 */
public final class ClientCertificateCheck {

    private ClientCertificateCheck() {
    }

    /** A server TLS context presenting {@code key} and naming {@code hints} as acceptable client CAs. */
    public static SSLContext serverContext(KeyStore key, char[] password, List<X509Certificate> hints) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(key, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {new DecidedLater(hints)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the device endpoint's TLS context: " + e.getMessage(), e);
        }
    }

    /** Why {@code chain} is not a valid chain to {@code root} at {@code now}; empty when it is. */
    static Optional<String> problem(List<X509Certificate> chain, X509Certificate root, Instant now) {
        return CertPaths.validate(chain, root, now).map(f -> (f.kind() == CertPaths.Kind.UNTRUSTED ? "FOREIGN_CA"
                : f.kind().name()) + ": " + f.message());
    }

    /** Accepts any client chain at the TLS layer (possession is still proven); the endpoint decides. */
    private static final class DecidedLater extends X509ExtendedTrustManager {
        private final X509Certificate[] hints;

        DecidedLater(List<X509Certificate> hints) {
            this.hints = hints.toArray(X509Certificate[]::new);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("a client certificate is required");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the device endpoint is a server only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return hints.clone();
        }
    }
}
