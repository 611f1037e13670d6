package org.openintercom.provisioning.pki;

import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.openintercom.provisioning.claim.DeviceId;

/** Makes the PKCS#10 request a device sends to be certified, and reads one on the CA side. */
public final class CertificateRequests {

    private CertificateRequests() {
    }

    /** A request with subject {@code CN=<deviceId>} for {@code keys}, signed with its private key (SHA256withECDSA). */
    public static PKCS10CertificationRequest create(KeyPair keys, DeviceId deviceId) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, deviceId.value()).build();
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm(keys)).build(keys.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new PkiException("cannot sign a certificate request for " + deviceId + ": " + e.getMessage(), e);
        }
    }

    /** The CA's view of a request. */
    public static CsrView view(PKCS10CertificationRequest csr) {
        return CsrView.of(csr);
    }

    private static String signatureAlgorithm(KeyPair keys) {
        return switch (keys.getPublic().getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException(
                    "unsupported key algorithm for a device: " + keys.getPublic().getAlgorithm());
        };
    }
}
