package org.openintercom.ota;

import java.security.Key;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** The signature algorithms a release key may use: Ed25519, or ECDSA on P-256 with SHA-256. */
public enum SigningAlgorithm {
    /** Ed25519 (RFC 8032), pure: the manifest bytes are signed as they are. */
    ED25519("Ed25519"),
    /** ECDSA on NIST P-256 with SHA-256; the signature is DER-encoded. */
    ECDSA_P256_SHA256("SHA256withECDSA");

    private final String jcaName;

    SigningAlgorithm(String jcaName) {
        this.jcaName = jcaName;
    }

    /** The JCA signature name, also the name stored in a signature block. */
    public String jcaName() {
        return jcaName;
    }

    /** The algorithm of a stored name, if it is one of ours. */
    public static Optional<SigningAlgorithm> byName(String name) {
        for (SigningAlgorithm a : values()) {
            if (a.jcaName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The algorithm for a public or private key, if it is an Ed25519 or a P-256 key. */
    public static Optional<SigningAlgorithm> forKey(Key key) {
        AlgorithmIdentifier id;
        try {
            id = "PKCS#8".equals(key.getFormat())
                    ? PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm()
                    : SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (id.getAlgorithm().equals(EdECObjectIdentifiers.id_Ed25519)) {
            return Optional.of(ED25519);
        }
        if (id.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)
                && id.getParameters() instanceof ASN1ObjectIdentifier curve
                && curve.equals(SECObjectIdentifiers.secp256r1)) {
            return Optional.of(ECDSA_P256_SHA256);
        }
        return Optional.empty();
    }
}
