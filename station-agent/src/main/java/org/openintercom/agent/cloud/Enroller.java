package org.openintercom.agent.cloud;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.openintercom.provisioning.channel.ChannelFormatException;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.EnrollmentRequest;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.channel.RenewalRequest;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.factory.DeviceFactoryData;
import org.openintercom.provisioning.pki.CertificateRequests;
import org.openintercom.provisioning.pki.Identities;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.SslContexts;

/**
 * Talks to the cloud's device endpoint: enrollment with the birth certificate (the claim nonce and a CSR for a
 * key made here, kept before it is sent so a retry after a power cut asks for the same key), and renewal with
 * the current operational certificate. The server must present a certificate from the cloud root the station
 * trusts.
 *
 * <p>While the station waits to be claimed it asks every poll interval. Those polls share one HTTP client, so they
 * ride one kept-alive TLS connection: a new handshake per poll cost a Pi-class station a signature and a key
 * exchange every few seconds, and the cloud one per waiting station and poll. The client is closed once the
 * station is enrolled (and by {@link #close()}).
 */
final class Enroller implements AutoCloseable {

    static final String ENROLL_PATH = "/device/v1/enroll";
    static final String RENEW_PATH = "/device/v1/renew";
    private static final String PENDING_KEY = "pending.key";
    private static final String PENDING_CSR = "pending.csr";

    private final URI deviceApi;
    private final List<X509Certificate> cloudTrust;
    private final Path stateDir;
    /**
     * The client of the enrollment polls and the birth certificate it presents; null when none is open. Polls run
     * on the station's cloud thread; {@link #close()} may come from another.
     */
    private volatile HttpClient polls;
    private X509Certificate pollsIdentity;
    /** The pending key and CSR once read or made (the files stay the record that survives a power cut). */
    private Pending pending;

    Enroller(URI deviceApi, List<X509Certificate> cloudTrust, Path stateDir) {
        this.deviceApi = deviceApi;
        this.cloudTrust = List.copyOf(cloudTrust);
        this.stateDir = stateDir;
    }

    /** One enrollment attempt; ENROLLED responses come back with the credentials already stored. */
    EnrollmentResponse enroll(DeviceFactoryData factory) {
        Pending pending = pending(factory.deviceId());
        EnrollmentRequest request = new EnrollmentRequest(factory.claimCode().nonce(), Pem.csrToPem(pending.csr()));
        EnrollmentResponse response = post(pollClient(factory), ENROLL_PATH, request);
        if (response.status() == EnrollmentResponse.Status.ENROLLED) {
            DeviceCredentials credentials = credentials(pending.key(), response, factory.deviceId());
            credentials.save(stateDir);
            deletePending();
            closePolls();
        }
        return response;
    }

    /** Closes the client of the enrollment polls, if one is open; a poll in flight fails at once. */
    @Override
    public void close() {
        HttpClient open = polls;
        if (open != null) {
            open.shutdownNow();
        }
    }

    private HttpClient pollClient(DeviceFactoryData factory) {
        X509Certificate birth = factory.birthChain().get(0);
        if (polls != null && !birth.equals(pollsIdentity)) {
            closePolls();
        }
        if (polls == null) {
            polls = client(context(factory.birthKey(), factory.birthChain()));
            pollsIdentity = birth;
        }
        return polls;
    }

    private void closePolls() {
        if (polls != null) {
            polls.shutdownNow();
            polls = null;
            pollsIdentity = null;
        }
    }

    /** Renews the operational certificate with a new key; the stored credentials change only on success. */
    Optional<DeviceCredentials> renew(DeviceCredentials current, DeviceId id) {
        KeyPair keys = KeyPairs.ecP256();
        PKCS10CertificationRequest csr = CertificateRequests.create(keys, id);
        EnrollmentResponse response;
        try (HttpClient http = client(current.sslContext())) {
            response = post(http, RENEW_PATH, new RenewalRequest(Pem.csrToPem(csr)));
        }
        if (response.status() != EnrollmentResponse.Status.ENROLLED) {
            throw new IllegalStateException("the cloud refused to renew the certificate: "
                    + response.reason().orElse(response.status().toString()));
        }
        DeviceCredentials renewed = credentials(keys.getPrivate(), response, id);
        renewed.save(stateDir);
        return Optional.of(renewed);
    }

    private DeviceCredentials credentials(PrivateKey key, EnrollmentResponse response, DeviceId id) {
        List<X509Certificate> chain = Pem.parseCertificates(response.certificateChain()
                .orElseThrow(() -> new IllegalStateException("enrollment response without a certificate chain")));
        List<X509Certificate> anchors = response.trustAnchors().map(Pem::parseCertificates).orElse(cloudTrust);
        if (!Identities.deviceIdOf(chain.get(0)).filter(id::equals).isPresent()) {
            throw new IllegalStateException("the cloud issued a certificate for "
                    + chain.get(0).getSubjectX500Principal().getName() + ", not for " + id);
        }
        return new DeviceCredentials(key, chain, anchors, response.endpoints()
                .orElseThrow(() -> new IllegalStateException("enrollment response without endpoints")));
    }

    /** The key made for enrollment and its CSR: made once, kept until the cloud answered with a certificate. */
    private record Pending(PrivateKey key, PKCS10CertificationRequest csr) {
    }

    private Pending pending(DeviceId id) {
        if (pending != null) {
            return pending;
        }
        Path keyFile = stateDir.resolve(PENDING_KEY);
        Path csrFile = stateDir.resolve(PENDING_CSR);
        try {
            DeviceCredentials.ensurePrivateDirectory(stateDir);
            if (Files.exists(keyFile) && Files.exists(csrFile)) {
                pending = new Pending(Pem.readPrivateKey(keyFile, null), Pem.readCsr(csrFile));
                return pending;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot prepare " + stateDir + ": " + e.getMessage(), e);
        }
        KeyPair keys = KeyPairs.ecP256();
        PKCS10CertificationRequest csr = CertificateRequests.create(keys, id);
        Pem.writePrivateKey(keyFile, keys.getPrivate(), null);
        Pem.writeCsr(csrFile, csr);
        pending = new Pending(keys.getPrivate(), csr);
        return pending;
    }

    private void deletePending() {
        pending = null;
        try {
            Files.deleteIfExists(stateDir.resolve(PENDING_CSR));
            Files.deleteIfExists(stateDir.resolve(PENDING_KEY));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot remove the pending key: " + e.getMessage(), e);
        }
    }

    private SSLContext context(PrivateKey key, List<X509Certificate> chain) {
        return SslContexts.mutual(key, chain, cloudTrust);
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).sslParameters(SslContexts.clientParameters(tls))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private EnrollmentResponse post(HttpClient http, String path, Object body) {
        HttpRequest request = HttpRequest.newBuilder(deviceApi.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ChannelJson.encode(body))).build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            try {
                return ChannelJson.decode(response.body(), EnrollmentResponse.class);
            } catch (ChannelFormatException e) {
                throw new IllegalStateException("the device endpoint answered HTTP " + response.statusCode()
                        + " with an unreadable body: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the device endpoint " + deviceApi + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while enrolling", e);
        }
    }
}
