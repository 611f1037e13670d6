package org.openintercom.agent.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * SIP settings: the address and ports to listen on (empty = transport disabled, 0 = any free port), and the
 * TLS material when TLS is enabled.
 */
public record SipSettings(
        InetAddress bindAddress,
        Optional<Integer> udpPort,
        Optional<Integer> tcpPort,
        Optional<Integer> tlsPort,
        Optional<TlsSettings> tls,
        String userAgent) {

    /** PKCS#12 key store (our certificate) and trust store (CAs we accept), and whether peers must show one. */
    public record TlsSettings(
            Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword,
            boolean requireClientCertificate) {
    }
}
