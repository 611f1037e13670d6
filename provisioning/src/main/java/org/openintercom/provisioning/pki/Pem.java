package org.openintercom.provisioning.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;
import org.openintercom.provisioning.pki.internal.Bc;
import org.openintercom.provisioning.pki.internal.SecureFiles;

/**
 * Reads and writes PEM: certificates and chains, PKCS#10 requests, CRLs and PKCS#8 private keys, plain or
 * encrypted with a passphrase (PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC); key files are owner-only.
 *
 * <p>Every failure is a {@link PkiException} naming the file (or "PEM text") and what is wrong with it;
 * a passphrase that does not open a key is a {@link WrongPassphraseException}.
 */
public final class Pem {

    /** PBKDF2 iterations for encrypted keys (OWASP 2023 suggests 600k for SHA-256; CA keys are opened rarely). */
    static final int KDF_ITERATIONS = 210_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TEXT = "PEM text";

    private Pem() {
    }

    // ---- certificates

    /** All certificates in {@code file}, in file order (leaf first for a chain). */
    public static List<X509Certificate> readCertificates(Path file) {
        return parseCertificates(text(file), file.toString());
    }

    /** The first certificate in {@code file}. */
    public static X509Certificate readCertificate(Path file) {
        return readCertificates(file).get(0);
    }

    /** All certificates in PEM text. */
    public static List<X509Certificate> parseCertificates(String pem) {
        return parseCertificates(pem, TEXT);
    }

    /** Writes certificates (a chain: leaf first) to {@code file}, readable by everyone. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) {
        SecureFiles.write(file, encode(new ArrayList<Object>(certificates)).getBytes(StandardCharsets.US_ASCII),
                false);
    }

    /** Certificates as PEM text. */
    public static String certificatesToPem(List<X509Certificate> certificates) {
        return encode(new ArrayList<Object>(certificates));
    }

    // ---- certification requests

    /** The PKCS#10 request in {@code file}. */
    public static PKCS10CertificationRequest readCsr(Path file) {
        return parseCsr(text(file), file.toString());
    }

    /** The PKCS#10 request in PEM text. */
    public static PKCS10CertificationRequest parseCsr(String pem) {
        return parseCsr(pem, TEXT);
    }

    /** A PKCS#10 request as PEM text. */
    public static String csrToPem(PKCS10CertificationRequest csr) {
        return encode(List.of(csr));
    }

    /** Writes a PKCS#10 request, readable by everyone. */
    public static void writeCsr(Path file, PKCS10CertificationRequest csr) {
        SecureFiles.write(file, csrToPem(csr).getBytes(StandardCharsets.US_ASCII), false);
    }

    // ---- CRLs

    /** The CRL in {@code file} (PEM). */
    public static X509CRL readCrl(Path file) {
        return parseCrl(text(file), file.toString());
    }

    /** A DER-encoded CRL as PEM text. */
    public static String crlToPem(byte[] der) {
        return encode(List.of(new PemObject("X509 CRL", der)));
    }

    /** Writes a DER-encoded CRL as PEM, readable by everyone. */
    public static void writeCrl(Path file, byte[] der) {
        SecureFiles.write(file, crlToPem(der).getBytes(StandardCharsets.US_ASCII), false);
    }

    // ---- private keys

    /**
     * The private key in {@code file}: PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8
     * ({@code ENCRYPTED PRIVATE KEY}, needs {@code passphrase}) or a traditional OpenSSL EC/RSA key.
     *
     * @param passphrase the passphrase of an encrypted key; may be null for a plain key
     * @throws WrongPassphraseException if the key is encrypted and the passphrase is missing or wrong
     */
    public static PrivateKey readPrivateKey(Path file, char[] passphrase) {
        return parsePrivateKey(text(file), passphrase, file.toString());
    }

    /** The private key in PEM text; see {@link #readPrivateKey(Path, char[])}. */
    public static PrivateKey parsePrivateKey(String pem, char[] passphrase) {
        return parsePrivateKey(pem, passphrase, TEXT);
    }

    /**
     * Writes {@code key} as PKCS#8 PEM, atomically and owner-only (rw-------); encrypted with
     * AES-256-CBC under a PBKDF2-HMAC-SHA256 key if {@code passphrase} is not null.
     */
    public static void writePrivateKey(Path file, PrivateKey key, char[] passphrase) {
        SecureFiles.write(file, privateKeyToPem(key, passphrase).getBytes(StandardCharsets.US_ASCII), true);
    }

    /** {@code key} as PKCS#8 PEM, encrypted if {@code passphrase} is not null. */
    public static String privateKeyToPem(PrivateKey key, char[] passphrase) {
        try {
            OutputEncryptor encryptor = null;
            if (passphrase != null) {
                if (passphrase.length == 0) {
                    throw new IllegalArgumentException("the passphrase for a private key must not be empty");
                }
                encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                        .setProvider(Bc.PROVIDER)
                        .setPRF(PKCS8Generator.PRF_HMACSHA256)
                        .setIterationCount(KDF_ITERATIONS)
                        .setRandom(RANDOM)
                        .setPassword(passphrase)
                        .build();
            }
            return encode(List.of(new JcaPKCS8Generator(key, encryptor).generate()));
        } catch (OperatorCreationException | IOException e) {
            throw new PkiException("cannot encode a " + key.getAlgorithm() + " private key: " + e.getMessage(), e);
        }
    }

    // ---- internals

    private static List<X509Certificate> parseCertificates(String pem, String source) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object o : objects(pem, source)) {
            if (!(o instanceof X509CertificateHolder holder)) {
                throw new PkiException(source + " holds a " + describe(o) + " where a certificate was expected");
            }
            try {
                certificates.add(converter.getCertificate(holder));
            } catch (CertificateException e) {
                throw new PkiException(source + " holds a certificate that cannot be read: " + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw new PkiException(source + " holds no certificate");
        }
        return List.copyOf(certificates);
    }

    private static PKCS10CertificationRequest parseCsr(String pem, String source) {
        Object o = single(pem, source, "certificate request");
        if (o instanceof PKCS10CertificationRequest csr) {
            return csr;
        }
        throw new PkiException(source + " holds a " + describe(o) + " where a certificate request was expected");
    }

    private static X509CRL parseCrl(String pem, String source) {
        Object o = single(pem, source, "CRL");
        if (o instanceof X509CRLHolder holder) {
            try {
                return new JcaX509CRLConverter().getCRL(holder);
            } catch (java.security.cert.CRLException e) {
                throw new PkiException(source + " holds a CRL that cannot be read: " + e.getMessage(), e);
            }
        }
        throw new PkiException(source + " holds a " + describe(o) + " where a CRL was expected");
    }

    private static PrivateKey parsePrivateKey(String pem, char[] passphrase, String source) {
        Object o = single(pem, source, "private key");
        PrivateKeyInfo info;
        if (o instanceof PrivateKeyInfo plain) {
            info = plain;
        } else if (o instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            if (passphrase == null || passphrase.length == 0) {
                throw new WrongPassphraseException(source + " holds an encrypted private key and no passphrase "
                        + "was given", null);
            }
            try {
                info = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(Bc.PROVIDER).build(passphrase));
            } catch (PKCSException | OperatorCreationException | RuntimeException e) {
                throw new WrongPassphraseException("cannot decrypt the private key in " + source
                        + ": the passphrase is wrong (or the file is damaged)", e);
            }
        } else {
            throw new PkiException(source + " holds a " + describe(o) + " where a private key was expected");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            try {
                return new JcaPEMKeyConverter().setProvider(Bc.PROVIDER).getPrivateKey(info);
            } catch (IOException | RuntimeException e2) {
                throw new PkiException(source + " holds a private key that cannot be read: " + e2.getMessage(), e2);
            }
        }
    }

    private static Object single(String pem, String source, String expected) {
        List<Object> objects = objects(pem, source);
        if (objects.isEmpty()) {
            throw new PkiException(source + " holds no " + expected);
        }
        if (objects.size() > 1) {
            throw new PkiException(source + " holds " + objects.size() + " PEM objects where one " + expected
                    + " was expected");
        }
        return objects.get(0);
    }

    private static List<Object> objects(String pem, String source) {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new PkiException(source + " is not valid PEM: " + e.getMessage(), e);
        }
        if (objects.isEmpty() && !pem.isBlank()) {
            throw new PkiException(source + " is not valid PEM: no -----BEGIN ...----- block found");
        }
        return objects;
    }

    private static String encode(List<Object> objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PEM", e);
        }
        return out.toString();
    }

    private static String text(Path file) {
        byte[] bytes = SecureFiles.read(file);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String describe(Object o) {
        if (o instanceof X509CertificateHolder) {
            return "certificate";
        }
        if (o instanceof PKCS10CertificationRequest) {
            return "certificate request";
        }
        if (o instanceof X509CRLHolder) {
            return "CRL";
        }
        if (o instanceof PrivateKeyInfo || o instanceof PEMKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
            return "private key";
        }
        return o.getClass().getSimpleName();
    }
}
