package org.openintercom.cloud.mqtt;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * A throw-away PKI for tests, shaped like production: root CA → issuing CA → device, service and broker
 * certificates (EC P-256), written as PEM files for the Mosquitto tools and as PKCS12 / SSL contexts for Java.
 */
final class TestPki {

    static final String PASSWORD = "changeit";
    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

    /** A certificate, its key, and the chain up to (excluding) the root. */
    record Issued(String name, X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {
    }

    private final String name;
    private final Issued root;
    private final Issued issuing;

    private TestPki(String name) {
        this.name = name;
        KeyPair rootKeys = keyPair();
        X509Certificate rootCert = sign(new X500Name("CN=" + name + " Root CA"), rootKeys, new X500Name("CN=" + name
                + " Root CA"), rootKeys.getPrivate(), null, true, null, null);
        root = new Issued("root", rootCert, rootKeys.getPrivate(), List.of(rootCert));
        KeyPair issuingKeys = keyPair();
        X509Certificate issuingCert = sign(new X500Name("CN=" + name + " Issuing CA"), issuingKeys,
                new X500Name("CN=" + name + " Root CA"), rootKeys.getPrivate(), rootCert, true, null, null);
        issuing = new Issued("issuing", issuingCert, issuingKeys.getPrivate(), List.of(issuingCert, rootCert));
    }

    /** A new root and issuing CA. */
    static TestPki create(String name) {
        return new TestPki(name);
    }

    X509Certificate rootCertificate() {
        return root.certificate();
    }

    X509Certificate issuingCertificate() {
        return issuing.certificate();
    }

    /** A device certificate: CN and SAN URI name {@code id}, EKU clientAuth + serverAuth. */
    Issued device(DeviceId id) {
        return leaf(id.value(), id.value(), new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                ClientIdentity.DEVICE_URI_PREFIX + id.value())), true);
    }

    /** The cloud-lite service certificate. */
    Issued service() {
        return leaf("cloud-lite", "cloud-lite", new GeneralNames(new GeneralName(
                GeneralName.uniformResourceIdentifier, ClientIdentity.SERVICE_URI_PREFIX + "cloud-lite")), true);
    }

    /** The broker's server certificate: CN=broker, SAN DNS localhost and IP 127.0.0.1. */
    Issued broker() {
        return leaf("broker", "broker", new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}),
                false);
    }

    /** Any leaf certificate, for odd cases. */
    Issued leaf(String fileName, String cn, GeneralNames sans, boolean clientAuth) {
        KeyPair keys = keyPair();
        X509Certificate cert = sign(new X500Name("CN=" + cn), keys, new X500Name("CN=" + name + " Issuing CA"),
                issuing.key(), issuing.certificate(), false, sans, clientAuth ? new KeyPurposeId[] {
                    KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}
                    : new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth});
        return new Issued(fileName, cert, keys.getPrivate(), List.of(cert, issuing.certificate()));
    }

    /** Writes {@code root.pem} into {@code dir}. */
    Path writeRootPem(Path dir) {
        return writePem(dir.resolve("root.pem"), List.of(root.certificate()));
    }

    /** Writes {@code ca-chain.pem} (issuing + root) into {@code dir}. */
    Path writeCaChainPem(Path dir) {
        return writePem(dir.resolve("ca-chain.pem"), List.of(issuing.certificate(), root.certificate()));
    }

    /** Writes {@code <name>.pem} (certificate + issuing CA) and {@code <name>.key}; returns the certificate file. */
    Path writePem(Path dir, Issued issued) {
        Path key = dir.resolve(issued.name() + ".key");
        write(key, List.of(issued.key()));
        return writePem(dir.resolve(issued.name() + ".pem"), issued.chain());
    }

    /** Writes {@code <name>.p12} with the key and chain, password {@link #PASSWORD}. */
    Path writePkcs12(Path dir, Issued issued) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(issued.name(), issued.key(), PASSWORD.toCharArray(),
                    issued.chain().toArray(new Certificate[0]));
            Path file = dir.resolve(issued.name() + ".p12");
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS context presenting {@code client} (or nothing when null) and trusting this PKI's root. */
    SSLContext sslContext(Issued client) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (client != null) {
                keys.setKeyEntry("client", client.key(), PASSWORD.toCharArray(),
                        client.chain().toArray(new Certificate[0]));
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD.toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("root", root.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePem(Path file, List<?> objects) {
        return write(file, objects);
    }

    private static Path write(Path file, List<?> objects) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                if (o instanceof PrivateKey k) {
                    pem.writeObject(new JcaPKCS8Generator(k, null));
                } else {
                    pem.writeObject(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
            X509Certificate issuerCert, boolean ca, GeneralNames sans, KeyPurposeId[] eku) {
        try {
            Instant now = Instant.now();
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(2))), subject, subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, ca ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, issuerCert == null
                    ? utils.createAuthorityKeyIdentifier(subjectKeys.getPublic())
                    : utils.createAuthorityKeyIdentifier(issuerCert));
            if (sans != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            if (eku != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue a test certificate for " + subject, e);
        }
    }

    /** All certificates of this PKI's CAs (issuing first). */
    List<X509Certificate> caCertificates() {
        return new ArrayList<>(issuing.chain());
    }
}
