package org.openintercom.ota.internal;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a signer's chain leads to the trusted release root at a given time (PKIX, without
 * revocation) and whether its first certificate is an end entity allowed to sign code.
 */
public final class ChainValidator {

    /** The extended key usage a release signer must have. */
    public static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

    /** Why a chain was refused. */
    public enum Problem {
        /** The chain does not lead to the root, or the signer is not a code-signing end entity. */
        UNTRUSTED,
        /** A certificate of the chain is outside its validity period. */
        EXPIRED
    }

    /** A refused chain: the problem and a message for people. */
    public record Failure(Problem problem, String message) {
    }

    private ChainValidator() {
    }

    /** Empty if {@code chain} (leaf first) is acceptable at {@code now}, else why not. */
    public static Optional<Failure> check(List<X509Certificate> chain, X509Certificate root, Instant now) {
        X509Certificate leaf = chain.get(0);
        String who = leaf.getSubjectX500Principal().getName();
        if (leaf.getBasicConstraints() >= 0 || leaf.equals(root)) {
            return Optional.of(new Failure(Problem.UNTRUSTED, "the signer " + who + " is a CA certificate; bundles "
                    + "are signed by release-signing certificates, never by a CA key"));
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        path.removeIf(root::equals);
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                String which = "";
                if (e.getIndex() >= 0 && e.getIndex() < path.size()) {
                    X509Certificate c = path.get(e.getIndex());
                    which = " " + c.getSubjectX500Principal().getName() + " is valid from "
                            + c.getNotBefore().toInstant() + " until " + c.getNotAfter().toInstant();
                }
                return Optional.of(new Failure(Problem.EXPIRED, "the signer's chain is not valid at " + now + ":"
                        + which + " (" + describe(e) + ")"));
            }
            return Optional.of(new Failure(Problem.UNTRUSTED, "the signer " + who + " is not certified by the "
                    + "trusted release root " + root.getSubjectX500Principal().getName() + ": " + describe(e)));
        } catch (GeneralSecurityException e) {
            return Optional.of(new Failure(Problem.UNTRUSTED, "the signer's chain cannot be checked: "
                    + e.getMessage()));
        }
        try {
            List<String> ekus = leaf.getExtendedKeyUsage();
            if (ekus == null || !ekus.contains(CODE_SIGNING)) {
                return Optional.of(new Failure(Problem.UNTRUSTED, "the signer " + who + " is not a release signer: "
                        + "its certificate lacks the codeSigning extended key usage"));
            }
        } catch (CertificateParsingException e) {
            return Optional.of(new Failure(Problem.UNTRUSTED, "the signer's extended key usage cannot be read: "
                    + e.getMessage()));
        }
        boolean[] usage = leaf.getKeyUsage();
        if (usage != null && !usage[0]) {
            return Optional.of(new Failure(Problem.UNTRUSTED, "the signer " + who + " may not make signatures "
                    + "(keyUsage lacks digitalSignature)"));
        }
        return Optional.empty();
    }

    private static String describe(CertPathValidatorException e) {
        String m = e.getMessage();
        return e.getIndex() >= 0 ? m + " (certificate " + e.getIndex() + " of the chain)" : m;
    }
}
