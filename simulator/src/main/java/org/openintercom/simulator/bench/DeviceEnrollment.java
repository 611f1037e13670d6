package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.EnrollmentRequest;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.pki.CertificateRequests;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.SslContexts;

/** A device's enrollment at the device endpoint: mutual TLS with the birth certificate, CSR in, issued chain out. */
final class DeviceEnrollment {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI enrollUri;
    private final List<X509Certificate> cloudTrust;

    DeviceEnrollment(URI deviceApi, List<X509Certificate> cloudTrust) {
        this.enrollUri = deviceApi.resolve("/device/v1/enroll");
        this.cloudTrust = List.copyOf(cloudTrust);
    }

    /** Enrolls {@code device} (claimed before) and stores its issued chain; throws if the cloud does not enroll it. */
    void enroll(BenchDevice device) {
        SSLContext tls = device.birthTls(cloudTrust);
        byte[] body = ChannelJson.encode(new EnrollmentRequest(device.code.nonce(),
                Pem.csrToPem(CertificateRequests.create(device.keys, device.id))));
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .sslParameters(SslContexts.clientParameters(tls)).connectTimeout(TIMEOUT).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(enrollUri).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("enroll of " + device.id + " answered " + r.statusCode() + ": "
                        + r.body());
            }
            EnrollmentResponse answer = ChannelJson.decode(r.body(), EnrollmentResponse.class);
            if (answer.status() != EnrollmentResponse.Status.ENROLLED) {
                throw new IllegalStateException("enroll of " + device.id + " was " + answer.status() + ": "
                        + answer.reason().orElse(""));
            }
            device.enrolled(Pem.parseCertificates(answer.certificateChain().orElseThrow(
                    () -> new IllegalStateException("enroll of " + device.id + " returned no certificate chain"))));
        } catch (IOException e) {
            throw new UncheckedIOException("enroll of " + device.id + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("enroll of " + device.id + " interrupted", e);
        }
    }
}
