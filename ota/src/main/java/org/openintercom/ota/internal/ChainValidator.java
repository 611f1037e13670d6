package org.openintercom.ota.internal;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openintercom.provisioning.pki.CertPaths;

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
        Optional<CertPaths.Failure> invalid = CertPaths.validate(chain, root, now);
        if (invalid.isPresent()) {
            CertPaths.Failure f = invalid.get();
            if (f.kind() != CertPaths.Kind.UNTRUSTED) {
                X509Certificate c = f.at();
                return Optional.of(new Failure(Problem.EXPIRED, "the signer's chain is not valid at " + now + ": "
                        + c.getSubjectX500Principal().getName() + " is valid from " + c.getNotBefore().toInstant()
                        + " until " + c.getNotAfter().toInstant() + " (" + f.message() + ")"));
            }
            return Optional.of(new Failure(Problem.UNTRUSTED, "the signer " + who + " is not certified by the "
                    + "trusted release root " + root.getSubjectX500Principal().getName() + ": " + f.message()));
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
}
