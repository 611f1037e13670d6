package org.openintercom.agent.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openintercom.agent.sip.TlsMaterial;

/**
 * A throw-away PKI for simulations and tests: a CA and one certificate per station (EC P-256, valid one day) in
 * PKCS#12 files (and PEM for peers such as baresip), so stations can call each other over TLS with SRTP. Real
 * stations get their certificates by claiming (the provisioning module); this is for demos and tests only.
 */
public final class DemoPki {

    /** Password of every PKCS#12 file this PKI writes. */
    public static final String PASSWORD = "demo-only";
    private static final String CA_ALIAS = "ca";

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate caCert;

    private DemoPki(Path dir, KeyPair caKeys, X509Certificate caCert) {
        this.dir = dir;
        this.caKeys = caKeys;
        this.caCert = caCert;
    }

    /** Opens the PKI in {@code dir}, creating its CA ({@code ca.p12}, trust store {@code trust.p12}) if needed. */
    public static synchronized DemoPki in(Path dir) {
        try {
            Files.createDirectories(dir);
            Path caFile = dir.resolve("ca.p12");
            if (Files.exists(caFile)) {
                KeyStore ks = load(caFile);
                X509Certificate cert = (X509Certificate) ks.getCertificate(CA_ALIAS);
                PrivateKey key = (PrivateKey) ks.getKey(CA_ALIAS, PASSWORD.toCharArray());
                return new DemoPki(dir, new KeyPair(cert.getPublicKey(), key), cert);
            }
            KeyPair keys = newKeyPair();
            X500Name name = new X500Name("CN=OpenIntercom demo CA");
            X509v3CertificateBuilder b = builder(name, name, keys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate cert = sign(b, keys.getPrivate());
            KeyStore ca = KeyStore.getInstance("PKCS12");
            ca.load(null, null);
            ca.setKeyEntry(CA_ALIAS, keys.getPrivate(), PASSWORD.toCharArray(), new X509Certificate[] {cert});
            store(ca, caFile);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(CA_ALIAS, cert);
            store(trust, dir.resolve("trust.p12"));
            return new DemoPki(dir, keys, cert);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo PKI in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the demo PKI: " + e.getMessage(), e);
        }
    }

    public Path trustStore() {
        return dir.resolve("trust.p12");
    }

    /** The key store of station {@code id} ({@code ID.p12}), issued now if it does not exist yet. */
    public synchronized Path station(String id) {
        Path file = dir.resolve(id + ".p12");
        if (Files.exists(file)) {
            return file;
        }
        Issued issued = issue(id);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(id, issued.key(), PASSWORD.toCharArray(), new X509Certificate[] {issued.cert(), caCert});
            store(ks, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot store a demo certificate for " + id + ": " + e.getMessage(), e);
        }
    }

    /** TLS material for station {@code id}: its key store and this PKI's trust store. */
    public TlsMaterial tlsMaterial(String id, boolean requireClientCertificates) {
        return TlsMaterial.pkcs12(station(id), PASSWORD.toCharArray(), trustStore(), PASSWORD.toCharArray(),
                requireClientCertificates);
    }

    /**
     * A PEM file {@code ID.pem} with a new certificate for {@code id}, the CA certificate and the private key, and
     * {@code ca.pem} with the CA alone, for peers that read PEM (baresip's sip_certificate / sip_cafile).
     */
    public synchronized Path pem(String id) {
        Path file = dir.resolve(id + ".pem");
        Issued issued = issue(id);
        try {
            try (var writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
                writer.writeObject(issued.cert());
                writer.writeObject(caCert);
                writer.writeObject(new JcaPKCS8Generator(issued.key(), null));
            }
            try (var writer = new JcaPEMWriter(Files.newBufferedWriter(caPem()))) {
                writer.writeObject(caCert);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The CA certificate alone, PEM. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    private record Issued(X509Certificate cert, PrivateKey key) {
    }

    private Issued issue(String id) {
        try {
            KeyPair keys = newKeyPair();
            X509v3CertificateBuilder b = builder(new X500Name(caCert.getSubjectX500Principal().getName()),
                    new X500Name("CN=" + id), keys);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")}));
            return new Issued(sign(b, caKeys.getPrivate()), keys.getPrivate());
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a demo certificate for " + id + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private static void store(KeyStore ks, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD.toCharArray());
        }
    }
}
