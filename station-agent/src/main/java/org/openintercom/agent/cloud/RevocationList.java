package org.openintercom.agent.cloud;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the cloud's certificate revocation list (plain HTTP, signed by the issuing CA): whether the station's own
 * certificate was revoked, and the list the mesh keeps for offline checks. A list that cannot be fetched or whose signature does not verify counts as "not
 * revoked": a station never gives up its identity on an unproven claim.
 */
final class RevocationList {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationList.class);

    private RevocationList() {
    }

    /** Whether the CRL at {@code url}, signed by {@code chain[1]}, lists {@code chain[0]}. */
    static boolean lists(String url, List<X509Certificate> chain) {
        return chain.size() >= 2 && fetch(url, chain.get(1)).map(crl -> crl.isRevoked(chain.get(0))).orElse(false);
    }

    /** The CRL at {@code url} if it can be fetched and {@code issuer} signed it; empty (logged at WARN) otherwise. */
    static Optional<X509CRL> fetch(String url, X509Certificate issuer) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                LOG.warn("CRL {} answered HTTP {}", url, response.statusCode());
                return Optional.empty();
            }
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(response.body()));
            crl.verify(issuer.getPublicKey());
            return Optional.of(crl);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            LOG.warn("cannot check the CRL {}: {}", url, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
