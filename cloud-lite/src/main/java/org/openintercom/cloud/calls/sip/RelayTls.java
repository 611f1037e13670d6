package org.openintercom.cloud.calls.sip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The relay's TLS transport (SIP over TLS, port 5061 by default): its own key and certificate, the roots it
 * trusts for clients (stations' device certificates) and for servers it connects to, and how a client
 * certificate names the caller. Clients without a certificate may still connect and authenticate with digest.
 *
 * @param keyStore PKCS#12 file with the relay's key and certificate chain
 * @param keyStorePassword its password
 * @param trustStore PKCS#12 file with the trusted roots
 * @param trustStorePassword its password
 * @param identity the SIP user a verified client certificate stands for (a station's device id), or empty when
 *     the certificate names none
 */
public record RelayTls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword,
        Function<X509Certificate, Optional<String>> identity) {

    public RelayTls {
        Objects.requireNonNull(identity, "identity");
        if (!Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("the relay's TLS key store " + keyStore + " cannot be read");
        }
        if (!Files.isReadable(trustStore)) {
            throw new IllegalArgumentException("the relay's TLS trust store " + trustStore + " cannot be read");
        }
    }

    /** TLS 1.3 suites and ECDHE-GCM suites for TLS 1.2 (JAIN-SIP's defaults are obsolete and fail on new JDKs). */
    static final String CIPHER_SUITES = String.join(",",
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
}
