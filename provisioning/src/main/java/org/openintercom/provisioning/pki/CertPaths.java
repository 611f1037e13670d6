package org.openintercom.provisioning.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a certificate chain leads to one trusted root at a given time, with the JDK's PKIX validator
 * (signatures, validity dates, CA constraints; revocation is the caller's business).
 */
public final class CertPaths {

    /** Why a chain was not accepted. */
    public enum Kind { EXPIRED, NOT_YET_VALID, UNTRUSTED }

    /** A refused chain: why, the certificate it is about, and the validator's words. */
    public record Failure(Kind kind, X509Certificate at, String message) {
    }

    private CertPaths() {
    }

    /** Empty when {@code chain} (leaf first; the root may be included) is valid under {@code root} at {@code now}. */
    public static Optional<Failure> validate(List<X509Certificate> chain, X509Certificate root, Instant now) {
        List<X509Certificate> path = chain.stream().filter(c -> !c.equals(root)).toList();
        if (path.isEmpty()) {
            return Optional.of(new Failure(Kind.UNTRUSTED, root, "the chain holds only the root"));
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            X509Certificate at = e.getIndex() >= 0 && e.getIndex() < path.size() ? path.get(e.getIndex()) : path.get(0);
            Kind kind = e.getReason() == CertPathValidatorException.BasicReason.EXPIRED ? Kind.EXPIRED
                    : e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID ? Kind.NOT_YET_VALID
                    : Kind.UNTRUSTED;
            return Optional.of(new Failure(kind, at, e.getMessage()));
        } catch (GeneralSecurityException e) {
            return Optional.of(new Failure(Kind.UNTRUSTED, path.get(0), "the chain cannot be checked: " + e.getMessage()));
        }
    }
}
