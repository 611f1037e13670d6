package org.openintercom.provisioning.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.claim.DeviceId;

/** A device and a cloud service authenticate each other over TLS with certificates from the CA. */
class MutualTlsTest {

    private static final char[] PW = "store".toCharArray();

    @TempDir
    Path dir;

    @Test
    void device_and_service_complete_a_mutual_tls_handshake_and_see_each_others_identity() throws Exception {
        CertificateAuthority ca = CertificateAuthority.createOrLoad(dir, "pp".toCharArray(), Clock.systemUTC());
        KeyStore trust = KeyStores.trust(List.of(ca.rootCertificate()));
        KeyPair serviceKeys = KeyPairs.ecP256();
        List<X509Certificate> serviceChain = ca.issueService("mqtt", serviceKeys.getPublic(), List.of("localhost"),
                List.of("127.0.0.1"), Duration.ofDays(1));
        DeviceId device = DeviceId.random();
        KeyPair deviceKeys = KeyPairs.ecP256();
        List<X509Certificate> deviceChain = ca.issueDevice(CertificateRequests.create(deviceKeys, device), device)
                .issuedChain().orElseThrow();
        SSLContext server = SslContexts.mutual(KeyStores.pkcs12(serviceKeys.getPrivate(), serviceChain, PW), PW,
                trust);
        SSLContext client = SslContexts.mutual(KeyStores.pkcs12(deviceKeys.getPrivate(), deviceChain, PW), PW,
                trust);

        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSSLParameters(SslContexts.serverParameters(server));
            CompletableFuture<X509Certificate> seenByServer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                    X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
                    s.getOutputStream().write(1);
                    return peer;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1",
                    listener.getLocalPort())) {
                s.setSSLParameters(SslContexts.clientParameters(client));
                s.startHandshake();
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
                X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
                assertThat(Identities.serviceNameOf(peer)).contains("mqtt");
                assertThat(s.getInputStream().read()).isEqualTo(1);
            }
            assertThat(Identities.deviceIdOf(seenByServer.get(10, TimeUnit.SECONDS))).contains(device);
        }
    }

    @Test
    void pkcs12_store_refuses_a_key_without_its_chain() {
        assertThatThrownBy(() -> KeyStores.pkcs12(KeyPairs.ecP256().getPrivate(), List.of(), PW))
                .isInstanceOf(RuntimeException.class);
    }
}
