package org.openintercom.provisioning.pki.internal;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openintercom.provisioning.pki.PkiException;

/** Builds and signs X.509 certificates with the extensions every profile of this project shares. */
public final class Certs {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Certs() {
    }

    /** A random positive 128-bit serial number. */
    public static BigInteger randomSerial() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    /** {@code CN=<cn>, OU=<ou>, O=<o>}; {@code ou} may be null. */
    public static X500Name name(String cn, String ou, String o) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, o);
        if (ou != null) {
            b.addRDN(BCStyle.OU, ou);
        }
        return b.addRDN(BCStyle.CN, cn).build();
    }

    /** The signature algorithm for a CA key: SHA384withECDSA for P-384, SHA256withECDSA otherwise. */
    public static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if ("RSA".equals(key.getAlgorithm())) {
            return "SHA256withRSA";
        }
        throw new PkiException("unsupported CA key algorithm " + key.getAlgorithm());
    }

    /** A content signer for {@code key}. */
    public static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key);
        } catch (OperatorCreationException e) {
            throw new PkiException("cannot sign with the " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /** A self-signed CA certificate (root) with the given path length. */
    public static X509Certificate selfSignedCa(KeyPair keys, X500Name subject, Instant from, Instant to,
            int pathLen) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(subject, randomSerial(), Date.from(from),
                Date.from(to), subject, spki);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(spki));
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(spki));
        } catch (CertIOException | NoSuchAlgorithmException e) {
            throw new PkiException("cannot build a CA certificate: " + e.getMessage(), e);
        }
        return convert(b, keys.getPrivate());
    }

    /** A CA certificate for {@code spki} signed by {@code issuer}, with the given path length. */
    public static X509Certificate subordinateCa(X509Certificate issuer, PrivateKey issuerKey, X500Name subject,
            SubjectPublicKeyInfo spki, Instant from, Instant to, int pathLen) {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuerName(issuer), randomSerial(),
                Date.from(from), Date.from(clamp(to, issuer)), subject, spki);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLen));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(spki));
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
        } catch (CertIOException | NoSuchAlgorithmException | CertificateException e) {
            throw new PkiException("cannot build a CA certificate: " + e.getMessage(), e);
        }
        return convert(b, issuerKey);
    }

    /**
     * An end-entity certificate: basicConstraints cA=false, keyUsage digitalSignature (critical), the given
     * SANs and extended key usages, SKI and AKI. The validity is clamped to the issuer's.
     */
    public static X509Certificate endEntity(X509Certificate issuer, PrivateKey issuerKey, X500Name subject,
            SubjectPublicKeyInfo spki, Instant from, Instant to, List<GeneralName> sans, KeyPurposeId... ekus) {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuerName(issuer), randomSerial(),
                Date.from(from), Date.from(clamp(to, issuer)), subject, spki);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ekus));
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(sans.toArray(GeneralName[]::new)));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(spki));
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
        } catch (CertIOException | NoSuchAlgorithmException | CertificateException e) {
            throw new PkiException("cannot build a certificate for " + subject + ": " + e.getMessage(), e);
        }
        return convert(b, issuerKey);
    }

    /** Fails unless {@code key} is the private key of {@code certificate} (a signature made with it verifies). */
    public static void requireMatchingKey(X509Certificate certificate, PrivateKey key, String where) {
        try {
            byte[] probe = new byte[32];
            RANDOM.nextBytes(probe);
            String algorithm = signatureAlgorithm(key);
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new PkiException(where + ": the private key does not belong to the certificate "
                        + certificate.getSubjectX500Principal().getName());
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new PkiException(where + ": the private key does not belong to the certificate "
                    + certificate.getSubjectX500Principal().getName() + " (" + e.getMessage() + ")", e);
        }
    }

    /** The subject of {@code certificate} as a BouncyCastle name (exact encoding kept). */
    public static X500Name subjectName(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    private static X500Name issuerName(X509Certificate issuer) {
        return subjectName(issuer);
    }

    private static Instant clamp(Instant to, X509Certificate issuer) {
        Instant issuerEnd = issuer.getNotAfter().toInstant();
        return to.isAfter(issuerEnd) ? issuerEnd : to;
    }

    private static X509Certificate convert(X509v3CertificateBuilder b, PrivateKey signingKey) {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(signingKey)));
        } catch (CertificateException e) {
            throw new PkiException("cannot convert a signed certificate: " + e.getMessage(), e);
        }
    }
}
