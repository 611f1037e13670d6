package org.openintercom.cloud.device;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.Identities;

/**
 * The operational certificate a device shows on the device API (downloads, uploads): the device it names, or the
 * status and reason to refuse the request with (401 without one, 403 when the chain is not the cloud's, expired
 * or revoked).
 *
 * @param device the device, when the certificate is acceptable
 * @param status 401 or 403 when it is not
 * @param refusal why not
 */
record OperationalCertificate(Optional<DeviceId> device, int status, String refusal) {

    /** Checks the client certificate of {@code ex}; {@code purpose} names the endpoint in the 401 answer. */
    static OperationalCertificate of(HttpExchange ex, X509Certificate cloudRoot, Instant now,
            Predicate<X509Certificate> revoked, String purpose) {
        List<X509Certificate> chain = chain(ex);
        Optional<DeviceId> id = chain.isEmpty() ? Optional.empty() : Identities.deviceIdOf(chain.get(0));
        if (id.isEmpty()) {
            return refused(401, purpose + " need the operational device certificate");
        }
        Optional<String> problem = ClientCertificateCheck.problem(chain, cloudRoot, now);
        if (problem.isPresent()) {
            return refused(403, "device certificate refused (" + problem.get() + ")");
        }
        if (revoked.test(chain.get(0))) {
            return refused(403, "device certificate " + DeviceEndpoint.serial(chain.get(0)) + " is revoked");
        }
        return new OperationalCertificate(id, 200, null);
    }

    private static OperationalCertificate refused(int status, String why) {
        return new OperationalCertificate(Optional.empty(), status, why);
    }

    private static List<X509Certificate> chain(HttpExchange ex) {
        try {
            Certificate[] peer = ((HttpsExchange) ex).getSSLSession().getPeerCertificates();
            return peer == null ? List.of() : Arrays.stream(peer).filter(X509Certificate.class::isInstance)
                    .map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException | ClassCastException e) {
            return List.of();
        }
    }
}
