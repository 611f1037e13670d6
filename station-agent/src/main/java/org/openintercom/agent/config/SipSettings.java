package org.openintercom.agent.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.agent.sip.Registration;

/**
 * SIP settings: the address and ports to listen on (empty = transport disabled, 0 = any free port), the TLS
 * material when TLS is enabled, and the registrar the station registers with (key {@code sip.registrar}), if any.
 */
public record SipSettings(
        InetAddress bindAddress,
        Optional<Integer> udpPort,
        Optional<Integer> tcpPort,
        Optional<Integer> tlsPort,
        Optional<TlsSettings> tls,
        String userAgent,
        Optional<Registration> registrar) {

    public SipSettings {
        Objects.requireNonNull(registrar, "registrar (use Optional.empty())");
    }

    /** Settings without a registrar. */
    public SipSettings(InetAddress bindAddress, Optional<Integer> udpPort, Optional<Integer> tcpPort,
            Optional<Integer> tlsPort, Optional<TlsSettings> tls, String userAgent) {
        this(bindAddress, udpPort, tcpPort, tlsPort, tls, userAgent, Optional.empty());
    }

    /** These settings registering with {@code registration}'s registrar. */
    public SipSettings withRegistrar(Registration registration) {
        return new SipSettings(bindAddress, udpPort, tcpPort, tlsPort, tls, userAgent, Optional.of(registration));
    }

    /** PKCS#12 key store (our certificate) and trust store (CAs we accept), and whether peers must show one. */
    public record TlsSettings(
            Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword,
            boolean requireClientCertificate) {
    }
}
