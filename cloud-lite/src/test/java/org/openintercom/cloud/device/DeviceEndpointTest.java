package org.openintercom.cloud.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.internal.ServiceIdentity;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.DeviceState;
import org.openintercom.cloud.store.NewClaim;
import org.openintercom.cloud.store.Site;
import org.openintercom.cloud.store.StoreFixture;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.EnrollmentRequest;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.channel.RenewalRequest;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.CertificateRequests;
import org.openintercom.provisioning.pki.Identities;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.SslContexts;

class DeviceEndpointTest {

    @TempDir
    static Path dir;

    private static Pki pki;
    private StoreFixture store;
    private DeviceApiServer server;
    private Site site;

    @BeforeAll
    static void givenPki() {
        pki = new Pki(dir, Clock.systemUTC());
    }

    @BeforeEach
    void givenCloud() {
        store = new StoreFixture(TestDatabase.Kind.H2);
        site = store.givenSite("Lakeside");
        DeviceEndpoint endpoint = new DeviceEndpoint(pki.ca, pki.manufacturer.rootCertificate(), store.devices,
                store.audit, new EnrollmentResponse.Endpoints("ssl://127.0.0.1:8883", "https://127.0.0.1:8443",
                        "http://127.0.0.1:8080/crl"), Clock.systemUTC());
        ServiceIdentity identity = ServiceIdentity.issue(pki.ca, "device-api", List.of("localhost", "127.0.0.1"));
        server = DeviceApiServer.start(new InetSocketAddress("127.0.0.1", 0), ClientCertificateCheck.serverContext(
                identity.keyStore(), identity.password().toCharArray(),
                List.of(pki.manufacturer.rootCertificate(), pki.ca.rootCertificate())), endpoint);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private void claim(Pki.BornDevice d) {
        Instant now = store.clock.instant();
        assertThat(store.devices.claim(new NewClaim(d.code(), site.id(), "Front door",
                "{\"buttons\":{\"call\":{\"call\":\"sip:flat12@127.0.0.1\"}}}", "installer", now,
                now.plus(Duration.ofDays(7)))).isClaimed()).isTrue();
    }

    private HttpResponse<String> post(PrivateKey key, List<X509Certificate> chain, String path, byte[] body)
            throws Exception {
        SSLContext tls = Pki.tls(key, chain, List.of(pki.ca.rootCertificate()));
        try (HttpClient http = HttpClient.newBuilder().sslContext(tls).sslParameters(SslContexts.clientParameters(tls))
                .build()) {
            return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpResponse<String> enroll(Pki.BornDevice d, String nonce, PKCS10CertificationRequest csr) throws Exception {
        return post(d.birthKeys().getPrivate(), d.birthChain(), DeviceApiServer.ENROLL,
                ChannelJson.encode(new EnrollmentRequest(nonce, Pem.csrToPem(csr))));
    }

    private static EnrollmentResponse read(HttpResponse<String> r) {
        return ChannelJson.decode(r.body(), EnrollmentResponse.class);
    }

    private String lastAudit() {
        AuditEntry e = store.audit.recent(1).get(0);
        return e.outcome() + " " + e.action() + " " + e.detail();
    }

    @Test
    void an_unclaimed_device_is_told_to_wait() throws Exception {
        Pki.BornDevice d = pki.bornDevice();

        HttpResponse<String> r = enroll(d, d.code().nonce(), CertificateRequests.create(KeyPairs.ecP256(), d.id()));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(read(r).status()).isEqualTo(EnrollmentResponse.Status.WAITING);
        assertThat(r.headers().firstValue("Retry-After")).contains("5");
    }

    @Test
    void a_claimed_device_gets_its_certificate_configuration_and_endpoints() throws Exception {
        Pki.BornDevice d = pki.bornDevice();
        claim(d);
        KeyPair keys = KeyPairs.ecP256();

        EnrollmentResponse r = read(enroll(d, d.code().nonce(), CertificateRequests.create(keys, d.id())));

        assertThat(r.status()).isEqualTo(EnrollmentResponse.Status.ENROLLED);
        X509Certificate cert = Pem.parseCertificates(r.certificateChain().orElseThrow()).get(0);
        assertThat(Identities.deviceIdOf(cert)).contains(d.id());
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(r.configuration().orElseThrow().configuration().buttons()).containsKey("call");
        assertThat(r.endpoints().orElseThrow().mqtt()).isEqualTo("ssl://127.0.0.1:8883");
        assertThat(store.devices.find(d.id()).orElseThrow().state()).isEqualTo(DeviceState.ACTIVE);
        assertThat(lastAudit()).startsWith("OK enroll");
    }

    @Test
    void an_enrollment_repeated_because_its_answer_was_lost_gets_a_certificate_and_the_first_is_revoked()
            throws Exception {
        Pki.BornDevice d = pki.bornDevice();
        claim(d);
        KeyPair keys = KeyPairs.ecP256();
        EnrollmentResponse first = read(enroll(d, d.code().nonce(), CertificateRequests.create(keys, d.id())));
        X509Certificate lost = Pem.parseCertificates(first.certificateChain().orElseThrow()).get(0);

        EnrollmentResponse again = read(enroll(d, d.code().nonce(), CertificateRequests.create(keys, d.id())));

        assertThat(again.status()).isEqualTo(EnrollmentResponse.Status.ENROLLED);
        X509Certificate cert = Pem.parseCertificates(again.certificateChain().orElseThrow()).get(0);
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(store.devices.find(d.id()).orElseThrow().certificateSerial()).isEqualTo(DeviceEndpoint.serial(cert));
        assertThat(pki.ca.isRevoked(lost.getSerialNumber())).isTrue();
        assertThat(lastAudit()).startsWith("OK enroll").contains("answer was lost");
    }

    @Test
    void a_reused_nonce_is_refused_once_the_enrollment_is_older_than_an_hour() throws Exception {
        Pki.BornDevice d = pki.bornDevice();
        claim(d);
        enroll(d, d.code().nonce(), CertificateRequests.create(KeyPairs.ecP256(), d.id()));
        DeviceEndpoint later = new DeviceEndpoint(pki.ca, pki.manufacturer.rootCertificate(), store.devices,
                store.audit, new EnrollmentResponse.Endpoints("ssl://x:1", "https://x:2", "http://x:3"),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(61)));

        DeviceEndpoint.Answer again = later.enroll(new java.security.cert.Certificate[] {d.birthChain().get(0),
            pki.manufacturer.rootCertificate()}, ChannelJson.encode(new EnrollmentRequest(d.code().nonce(),
                Pem.csrToPem(CertificateRequests.create(KeyPairs.ecP256(), d.id())))));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.response().reason()).get().asString().contains("already enrolled");
        assertThat(lastAudit()).startsWith("REFUSED enroll");
    }

    @Test
    void a_csr_naming_another_device_is_refused_and_the_claim_stays() throws Exception {
        Pki.BornDevice d = pki.bornDevice();
        claim(d);

        HttpResponse<String> r = enroll(d, d.code().nonce(), CertificateRequests.create(KeyPairs.ecP256(), DeviceId.random()));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(read(r).reason()).get().asString().contains("WRONG_DEVICE");
        assertThat(lastAudit()).startsWith("REFUSED enroll").contains("WRONG_DEVICE");
        assertThat(store.devices.findPendingClaim(d.id())).isPresent();
        assertThat(read(enroll(d, d.code().nonce(), CertificateRequests.create(KeyPairs.ecP256(), d.id()))).status())
                .isEqualTo(EnrollmentResponse.Status.ENROLLED);
    }

    @Test
    void a_wrong_nonce_is_refused() throws Exception {
        Pki.BornDevice d = pki.bornDevice();
        claim(d);

        HttpResponse<String> r = enroll(d, "000000000000", CertificateRequests.create(KeyPairs.ecP256(), d.id()));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(read(r).reason()).get().asString().contains("nonce");
    }

    @Test
    void a_birth_certificate_from_a_foreign_ca_is_refused_with_the_reason_and_audited() throws Exception {
        Pki.BornDevice d = pki.bornDevice();
        claim(d);
        ManufacturerCa foreign = ManufacturerCa.createOrLoad(dir.resolve("foreign"), Pki.PASSWORD, Clock.systemUTC());
        X509Certificate forged = foreign.issueBirth(d.id(), d.birthKeys().getPublic(), "ID5");

        HttpResponse<String> r = post(d.birthKeys().getPrivate(), List.of(forged, foreign.rootCertificate()),
                DeviceApiServer.ENROLL, ChannelJson.encode(new EnrollmentRequest(d.code().nonce(),
                        Pem.csrToPem(CertificateRequests.create(KeyPairs.ecP256(), d.id())))));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(read(r).reason()).get().asString().contains("FOREIGN_CA");
        assertThat(lastAudit()).startsWith("REFUSED enroll").contains("FOREIGN_CA");
        assertThat(store.devices.findPendingClaim(d.id())).isPresent();
    }

    @Test
    void a_renewal_with_a_birth_certificate_is_refused() throws Exception {
        Pki.BornDevice d = pki.bornDevice();

        HttpResponse<String> r = post(d.birthKeys().getPrivate(), d.birthChain(), DeviceApiServer.RENEW,
                ChannelJson.encode(new RenewalRequest(Pem.csrToPem(CertificateRequests.create(KeyPairs.ecP256(), d.id())))));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(read(r).reason()).get().asString().contains("operational device certificate");
    }

    @Test
    void an_expired_birth_certificate_is_refused_with_the_date() throws Exception {
        Pki.BornDevice d = pki.bornDevice();
        claim(d);
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(30)), java.time.ZoneOffset.UTC);
        ManufacturerCa sameCaInThePast = ManufacturerCa.createOrLoad(dir.resolve("manufacturer-ca"), Pki.PASSWORD, past);
        X509Certificate expired = sameCaInThePast.issueBirth(d.id(), d.birthKeys().getPublic(), "ID5",
                Duration.ofDays(1));
        DeviceEndpoint endpoint = new DeviceEndpoint(pki.ca, pki.manufacturer.rootCertificate(), store.devices,
                store.audit, new EnrollmentResponse.Endpoints("ssl://x:1", "https://x:2", "http://x:3"), Clock.systemUTC());

        DeviceEndpoint.Answer a = endpoint.enroll(new java.security.cert.Certificate[] {expired,
            pki.manufacturer.rootCertificate()}, ChannelJson.encode(new EnrollmentRequest(d.code().nonce(),
                Pem.csrToPem(CertificateRequests.create(KeyPairs.ecP256(), d.id())))));

        assertThat(a.status()).isEqualTo(403);
        assertThat(a.response().reason()).get().asString().contains("EXPIRED");
        assertThat(lastAudit()).startsWith("REFUSED enroll").contains("EXPIRED");
    }

    @Test
    void a_code_scanned_from_another_label_does_not_enroll_this_device() throws Exception {
        Pki.BornDevice d = pki.bornDevice();
        Pki.BornDevice other = pki.bornDevice();
        claim(new Pki.BornDevice(d.id(), d.birthKeys(), d.birthChain(),
                new org.openintercom.provisioning.claim.ClaimCode(d.id(), d.code().nonce(),
                        other.code().keyFingerprint())));

        HttpResponse<String> r = enroll(d, d.code().nonce(), CertificateRequests.create(KeyPairs.ecP256(), d.id()));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(read(r).reason()).get().asString().contains("key fingerprint");
    }

    @Test
    void malformed_and_oversized_requests_are_refused() throws Exception {
        Pki.BornDevice d = pki.bornDevice();
        claim(d);

        HttpResponse<String> malformed = post(d.birthKeys().getPrivate(), d.birthChain(), DeviceApiServer.ENROLL,
                "{\"claimNonce\": ".getBytes());
        HttpResponse<String> wrongType = post(d.birthKeys().getPrivate(), d.birthChain(), DeviceApiServer.ENROLL,
                "{\"claimNonce\": [1], \"csr\": 5}".getBytes());
        HttpResponse<String> huge = post(d.birthKeys().getPrivate(), d.birthChain(), DeviceApiServer.ENROLL,
                new byte[DeviceApiServer.MAX_BODY + 10]);

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(read(malformed).reason()).get().asString().contains("not valid JSON");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(read(wrongType).reason()).get().asString().contains("claimNonce");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(store.devices.findPendingClaim(d.id())).isPresent();
    }

    @Test
    void an_enrolled_device_renews_and_its_old_certificate_is_revoked() throws Exception {
        Pki.BornDevice d = pki.bornDevice();
        claim(d);
        KeyPair first = KeyPairs.ecP256();
        List<X509Certificate> chain = Pem.parseCertificates(read(enroll(d, d.code().nonce(),
                CertificateRequests.create(first, d.id()))).certificateChain().orElseThrow());

        KeyPair second = KeyPairs.ecP256();
        HttpResponse<String> r = post(first.getPrivate(), chain, DeviceApiServer.RENEW,
                ChannelJson.encode(new RenewalRequest(Pem.csrToPem(CertificateRequests.create(second, d.id())))));

        assertThat(r.statusCode()).isEqualTo(200);
        X509Certificate renewed = Pem.parseCertificates(read(r).certificateChain().orElseThrow()).get(0);
        assertThat(renewed.getPublicKey()).isEqualTo(second.getPublic());
        assertThat(pki.ca.isRevoked(chain.get(0).getSerialNumber())).isTrue();
        assertThat(store.devices.find(d.id()).orElseThrow().certificateSerial())
                .isEqualTo(DeviceEndpoint.serial(renewed));

        HttpResponse<String> withOld = post(first.getPrivate(), chain, DeviceApiServer.RENEW,
                ChannelJson.encode(new RenewalRequest(Pem.csrToPem(CertificateRequests.create(KeyPairs.ecP256(), d.id())))));
        assertThat(withOld.statusCode()).isEqualTo(403);
    }
}
