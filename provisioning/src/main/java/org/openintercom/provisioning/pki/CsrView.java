package org.openintercom.provisioning.pki;

import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.openintercom.provisioning.pki.internal.Bc;

/**
 * What the certificate authority reads from a PKCS#10 request: subject, CN, public key, whether the
 * request's signature verifies against that key, and the extensions it asks for.
 *
 * @param subject the subject as an RFC 4519 string
 * @param commonName the first CN of the subject, if any
 * @param publicKey the key to be certified
 * @param signatureValid whether the request is signed by the private key of {@code publicKey}
 * @param requestedExtensions the extensions in the request's extensionRequest attribute, if any
 * @param extensionRequestMalformed whether the request has an extensionRequest attribute that cannot be read
 */
public record CsrView(String subject, Optional<String> commonName, SubjectPublicKeyInfo publicKey,
        boolean signatureValid, Optional<Extensions> requestedExtensions, boolean extensionRequestMalformed) {

    /** Reads a request; never throws for a request that parsed (a bad signature is {@code signatureValid=false}). */
    public static CsrView of(PKCS10CertificationRequest csr) {
        X500Name subject = csr.getSubject();
        Optional<Extensions> extensions = extensions(csr);
        return new CsrView(subject.toString(), Identities.commonName(subject), csr.getSubjectPublicKeyInfo(),
                verifies(csr), extensions == null ? Optional.empty() : extensions, extensions == null);
    }

    /** Whether the request asks for CA rights: basicConstraints cA=true, or keyUsage keyCertSign or cRLSign. */
    public boolean requestsCaRights() {
        if (requestedExtensions.isEmpty()) {
            return false;
        }
        Extensions e = requestedExtensions.get();
        BasicConstraints bc = BasicConstraints.fromExtensions(e);
        if (bc != null && bc.isCA()) {
            return true;
        }
        KeyUsage ku = KeyUsage.fromExtensions(e);
        return ku != null && (ku.hasUsages(KeyUsage.keyCertSign) || ku.hasUsages(KeyUsage.cRLSign));
    }

    /** Whether the request asks for any extension at all (issued certificates never copy them). */
    public boolean requestsExtensions() {
        return requestedExtensions.map(e -> e.getExtensionOIDs().length > 0).orElse(false);
    }

    private static boolean verifies(PKCS10CertificationRequest csr) {
        try {
            return csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER)
                    .build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            return false;
        }
    }

    private static Optional<Extensions> extensions(PKCS10CertificationRequest csr) {
        try {
            return Optional.ofNullable(csr.getRequestedExtensions());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
