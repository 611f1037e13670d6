package org.openintercom.provisioning.pki;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openintercom.provisioning.claim.DeviceId;

/** Checks a device's birth certificate chain against the manufacturer root (JDK PKIX, no revocation). */
public final class BirthCertificates {

    private BirthCertificates() {
    }

    /**
     * Whether {@code chain} (birth certificate first; the manufacturer root may be included) is a birth
     * certificate issued by {@code manufacturerRoot} and valid at {@code now}; if so, the device it names.
     */
    public static BirthVerification verify(List<X509Certificate> chain, X509Certificate manufacturerRoot,
            Instant now) {
        if (chain.isEmpty()) {
            return BirthVerification.refused(BirthVerification.Reason.NOT_A_BIRTH_CERTIFICATE, "no certificate");
        }
        X509Certificate leaf = chain.get(0);
        List<X509Certificate> path = chain.stream().filter(c -> !c.equals(manufacturerRoot)).toList();
        if (path.isEmpty()) {
            return BirthVerification.refused(BirthVerification.Reason.NOT_A_BIRTH_CERTIFICATE,
                    "the chain holds only the manufacturer root");
        }
        Optional<BirthVerification> pkix = validate(path, manufacturerRoot, now);
        if (pkix.isPresent()) {
            return pkix.get();
        }
        Optional<DeviceId> id = Identities.birthDeviceIdOf(leaf);
        if (id.isEmpty()) {
            return BirthVerification.refused(BirthVerification.Reason.NOT_A_BIRTH_CERTIFICATE,
                    "certificate " + leaf.getSubjectX500Principal().getName() + " has no "
                            + Identities.BIRTH_URI_PREFIX + "<id> SAN URI matching a device id in its CN");
        }
        return BirthVerification.valid(id.get());
    }

    private static Optional<BirthVerification> validate(List<X509Certificate> path, X509Certificate root,
            Instant now) {
        return CertPaths.validate(path, root, now).map(f -> {
            X509Certificate at = f.at();
            String who = at.getSubjectX500Principal().getName();
            return switch (f.kind()) {
                case EXPIRED -> BirthVerification.refused(BirthVerification.Reason.EXPIRED, "certificate " + who
                        + " expired on " + at.getNotAfter().toInstant() + " (now is " + now + ")");
                case NOT_YET_VALID -> BirthVerification.refused(BirthVerification.Reason.NOT_YET_VALID, "certificate "
                        + who + " is not valid before " + at.getNotBefore().toInstant() + " (now is " + now + ")");
                case UNTRUSTED -> BirthVerification.refused(BirthVerification.Reason.FOREIGN_CA, "certificate " + who
                        + " (issuer " + at.getIssuerX500Principal().getName() + ") is not issued by the manufacturer CA "
                        + root.getSubjectX500Principal().getName() + ": " + f.message());
            };
        });
    }
}
