package org.openintercom.agent.sip;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test helper: a throw-away CA (EC P-256) that issues station certificates for 127.0.0.1 and writes PKCS12 key
 * and trust stores to a directory.
 */
final class TestPki {

    static final char[] PASSWORD = "changeit".toCharArray();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate caCert;

    TestPki(Path dir) throws Exception {
        this.dir = dir;
        this.caKeys = newKeyPair();
        this.caCert = sign(new X500Name("CN=OpenIntercom Test CA"), caKeys, caKeys.getPrivate(),
                new X500Name("CN=OpenIntercom Test CA"), true);
    }

    /** Writes {@code name}.p12 (key and chain) and returns TLS material trusting this CA. */
    TlsMaterial station(String name, boolean requireClientCertificates) throws Exception {
        KeyPair keys = newKeyPair();
        X509Certificate cert = sign(new X500Name("CN=" + name), keys, caKeys.getPrivate(),
                new X500Name("CN=OpenIntercom Test CA"), false);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(name, keys.getPrivate(), PASSWORD, new Certificate[] {cert, caCert});
        Path keyFile = dir.resolve(name + ".p12");
        store(ks, keyFile);
        return TlsMaterial.pkcs12(keyFile, PASSWORD, trustStore(), PASSWORD, requireClientCertificates);
    }

    /**
     * Writes {@code name}.pem (certificate, then the CA certificate and the private key, PEM) and ca.pem, for
     * peers such as baresip that read PEM files; returns the path of {@code name}.pem.
     */
    Path pemStation(String name) throws Exception {
        KeyPair keys = newKeyPair();
        X509Certificate cert = sign(new X500Name("CN=" + name), keys, caKeys.getPrivate(),
                new X500Name("CN=OpenIntercom Test CA"), false);
        Path file = dir.resolve(name + ".pem");
        try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(file))) {
            writer.writeObject(cert);
            writer.writeObject(caCert);
            writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null));
        }
        try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(
                Files.newBufferedWriter(dir.resolve("ca.pem")))) {
            writer.writeObject(caCert);
        }
        return file;
    }

    /** The trust store file holding only the CA certificate. */
    Path trustStore() throws Exception {
        Path file = dir.resolve("trust.p12");
        if (!Files.exists(file)) {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", caCert);
            store(ts, file);
        }
        return file;
    }

    private static void store(KeyStore ks, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        }
    }

    private static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, PrivateKey issuerKey, X500Name issuer,
            boolean ca) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), subject, subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
