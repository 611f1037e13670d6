package org.openintercom.agent.mesh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.openintercom.provisioning.pki.SslContexts;

/**
 * Stands in for a station's SIP over TLS listener: accepts mutual TLS with the station's device certificate, finishes
 * the handshake and hangs up. Closing it makes the station stop answering probes without leaving the mDNS.
 */
final class TlsStationListener implements AutoCloseable {

    private final SSLServerSocket socket;
    private final Thread acceptor;

    private TlsStationListener(SSLServerSocket socket) {
        this.socket = socket;
        this.acceptor = Thread.ofPlatform().daemon().name("tls-station-" + socket.getLocalPort()).start(this::serve);
    }

    /** Listens on {@code address}:{@code port} (0: any port) as {@code identity}, accepting peers of {@code trust}. */
    static TlsStationListener start(TestPki.Identity identity, List<X509Certificate> trust, InetAddress address,
            int port) throws IOException {
        SSLContext context = SslContexts.mutual(identity.key(), identity.chain(), trust);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(address, port), 16);
        socket.setSSLParameters(SslContexts.serverParameters(context));
        return new TlsStationListener(socket);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (SSLSocket s = (SSLSocket) socket.accept()) {
                s.setSoTimeout(2_000);
                s.startHandshake();
                s.getSession();
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
                // a peer that failed the handshake: next one
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
