package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/** One TLS handshake to a broker to report what the benchmark's connects negotiate (protocol and cipher suite). */
final class TlsProbe {

    private TlsProbe() {
    }

    /** "TLSv1.3 TLS_AES_256_GCM_SHA384" for a handshake with {@code mqttUri} ({@code ssl://host:port}) using {@code tls}. */
    static String negotiated(String mqttUri, SSLContext tls) {
        URI uri = URI.create(mqttUri);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(uri.getHost(), uri.getPort())) {
            socket.startHandshake();
            SSLSession session = socket.getSession();
            return session.getProtocol() + " " + session.getCipherSuite();
        } catch (IOException e) {
            throw new UncheckedIOException("TLS handshake with " + mqttUri + " failed: " + e.getMessage(), e);
        }
    }
}
