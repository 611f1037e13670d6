package org.openintercom.provisioning.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.internal.Bc;

/** Builds well-formed and deliberately bad certificate requests for tests. */
final class TestCsrs {

    private TestCsrs() {
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An EC key on any curve BouncyCastle knows (secp256k1, brainpoolP256r1, ...). */
    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Bc.PROVIDER);
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request for {@code subjectKey} signed by {@code signingKey}, with optional requested extensions. */
    static PKCS10CertificationRequest csr(KeyPair subjectKey, KeyPair signingKey, DeviceId id,
            Extension... requested) {
        try {
            JcaPKCS10CertificationRequestBuilder b = new JcaPKCS10CertificationRequestBuilder(
                    new X500Name("CN=" + id.value()), subjectKey.getPublic());
            if (requested.length > 0) {
                b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new Extensions(requested));
            }
            String alg = signingKey.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return b.build(new JcaContentSignerBuilder(alg).setProvider(Bc.PROVIDER).build(signingKey.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Extension caTrue() {
        try {
            return new Extension(Extension.basicConstraints, true, new BasicConstraints(true).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Extension keyCertSign() {
        try {
            return new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
