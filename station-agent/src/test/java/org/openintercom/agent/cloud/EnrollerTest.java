package org.openintercom.agent.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.EnrollmentRequest;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.factory.DeviceFactoryData;
import org.openintercom.provisioning.factory.DeviceInfo;
import org.openintercom.provisioning.pki.CertificateAuthority;
import org.openintercom.provisioning.pki.IssueResult;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.SslContexts;

/** The enrollment polls against a device endpoint of the JDK's HTTPS server with mutual TLS. */
class EnrollerTest {

    @TempDir
    Path dir;
    private ManufacturerCa manufacturer;
    private CertificateAuthority cloudCa;
    private HttpsServer server;
    /** The client port of each request, in order. */
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    /** How many polls the endpoint answers WAITING before it enrolls the station. */
    private final AtomicInteger waitingLeft = new AtomicInteger(3);

    @BeforeEach
    void deviceEndpoint() throws IOException {
        ManufacturerCa factory = ManufacturerCa.createOrLoad(dir.resolve("manufacturer"), "f".toCharArray(),
                Clock.systemUTC());
        cloudCa = CertificateAuthority.createOrLoad(dir.resolve("cloud-ca"), "c".toCharArray(), Clock.systemUTC());
        KeyPair serverKeys = KeyPairs.ecP256();
        SSLContext serverTls = SslContexts.mutual(serverKeys.getPrivate(), cloudCa.issueService("device-api",
                serverKeys.getPublic(), List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(30)),
                List.of(factory.rootCertificate(), cloudCa.rootCertificate()));
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls) {
            @Override
            public void configure(HttpsParameters params) {
                params.setSSLParameters(SslContexts.serverParameters(serverTls));
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext(Enroller.ENROLL_PATH, this::enroll);
        server.start();
        manufacturer = factory;
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void enroll(HttpExchange exchange) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        EnrollmentRequest request = ChannelJson.decode(exchange.getRequestBody().readAllBytes(),
                EnrollmentRequest.class);
        EnrollmentResponse response;
        if (waitingLeft.getAndDecrement() > 0) {
            response = EnrollmentResponse.waiting(1);
        } else {
            var csr = Pem.parseCsr(request.csr());
            DeviceId id = DeviceId.parse(csr.getSubject().toString().replaceAll(".*CN=([^,]+).*", "$1"));
            IssueResult.Issued issued = (IssueResult.Issued) cloudCa.issueDevice(csr, id);
            response = EnrollmentResponse.enrolled(Pem.certificatesToPem(issued.chain()),
                    Pem.certificatesToPem(List.of(cloudCa.rootCertificate())),
                    new EnrollmentResponse.Endpoints("mqtts://127.0.0.1:8883", "https://127.0.0.1:8443",
                            "https://127.0.0.1:8443/crl"), null);
        }
        byte[] body = ChannelJson.encode(response);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private DeviceFactoryData station() {
        KeyPair birth = KeyPairs.ecP256();
        DeviceId id = DeviceId.random();
        return DeviceFactoryData.create(dir.resolve("factory"), new DeviceInfo(id, "ID5", "A"), birth,
                List.of(manufacturer.issueBirth(id, birth.getPublic(), "ID5"), manufacturer.rootCertificate()));
    }

    private Enroller enroller() {
        return new Enroller(URI.create("https://localhost:" + server.getAddress().getPort()),
                List.of(cloudCa.rootCertificate()), dir.resolve("state"));
    }

    @Test
    void the_polls_of_a_waiting_station_ride_one_tls_connection_and_the_same_pending_key() throws Exception {
        DeviceFactoryData factory = station();
        try (Enroller enroller = enroller()) {
            for (int i = 0; i < 3; i++) {
                assertThat(enroller.enroll(factory).status()).isEqualTo(EnrollmentResponse.Status.WAITING);
            }
            String csrOnDisk = Files.readString(dir.resolve("state").resolve("pending.csr"));
            EnrollmentResponse enrolled = enroller.enroll(factory);

            assertThat(enrolled.status()).isEqualTo(EnrollmentResponse.Status.ENROLLED);
            assertThat(clientPorts).hasSize(4).containsOnly(clientPorts.get(0));
            DeviceCredentials credentials = DeviceCredentials.load(dir.resolve("state")).orElseThrow();
            // the certificate is for the key of the CSR the first poll kept
            assertThat(credentials.certificate().getPublicKey())
                    .isEqualTo(new JcaPKCS10CertificationRequest(Pem.parseCsr(csrOnDisk)).getPublicKey());
            assertThat(dir.resolve("state").resolve("pending.key")).doesNotExist();
        }
    }

    @Test
    void after_close_a_poll_fails_with_a_message_instead_of_waiting() {
        DeviceFactoryData factory = station();
        Enroller enroller = enroller();
        assertThat(enroller.enroll(factory).status()).isEqualTo(EnrollmentResponse.Status.WAITING);
        enroller.close();
        assertThatThrownBy(() -> enroller.enroll(factory)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot reach the device endpoint");
    }
}
