package org.openintercom.provisioning.pki.internal;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Decides whether a public key is strong enough to certify: EC on P-256 or P-384, or RSA of 2048 bits or more. */
public final class KeyPolicy {

    /** The smallest RSA modulus accepted. */
    public static final int MIN_RSA_BITS = 2048;
    private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(SECObjectIdentifiers.secp256r1,
            SECObjectIdentifiers.secp384r1);

    private KeyPolicy() {
    }

    /** Why {@code key} is refused, or empty if it is acceptable. */
    public static Optional<String> weakness(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (!(key.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve)) {
                return Optional.of("EC key with explicit curve parameters; only named curves P-256 and P-384 "
                        + "are accepted");
            }
            if (CURVES.contains(curve)) {
                return Optional.empty();
            }
            String name = ECNamedCurveTable.getName(curve);
            return Optional.of("EC key on curve " + (name == null ? curve.getId() : name + " (" + curve.getId() + ")")
                    + "; only P-256 (secp256r1) and P-384 (secp384r1) are accepted");
        }
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            try {
                int bits = RSAPublicKey.getInstance(key.parsePublicKey()).getModulus().bitLength();
                return bits >= MIN_RSA_BITS ? Optional.empty()
                        : Optional.of("RSA key of " + bits + " bits; at least " + MIN_RSA_BITS + " are required");
            } catch (IOException | RuntimeException e) {
                return Optional.of("RSA key that cannot be read");
            }
        }
        return Optional.of("key algorithm " + algorithm.getId() + " is not accepted (use EC P-256)");
    }
}
