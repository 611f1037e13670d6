package org.openintercom.cloud.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.openintercom.provisioning.pki.CertificateAuthority;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.KeyStores;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.SslContexts;

/**
 * One of cloud-lite's own TLS identities (broker, device endpoint, the cloud's MQTT client): a fresh key made at
 * start, certified by the cloud CA for a short time, never written to disk except as the broker's key store.
 */
public final class ServiceIdentity {

    /** How long a service certificate is valid; services get a new one at each start. */
    public static final Duration VALIDITY = Duration.ofDays(30);

    private final KeyPair keys;
    private final List<X509Certificate> chain;
    private final char[] password;

    private ServiceIdentity(KeyPair keys, List<X509Certificate> chain) {
        this.keys = keys;
        this.chain = chain;
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        this.password = HexFormat.of().formatHex(random).toCharArray();
    }

    /** A new identity for service {@code name}, valid for {@code hosts} (names and addresses). */
    public static ServiceIdentity issue(CertificateAuthority ca, String name, List<String> hosts) {
        return issue(ca, name, hosts, VALIDITY);
    }

    /** A new identity valid for {@code validity} (an external broker's certificate lives longer). */
    public static ServiceIdentity issue(CertificateAuthority ca, String name, List<String> hosts, Duration validity) {
        KeyPair keys = KeyPairs.ecP256();
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (String h : hosts) {
            if (h.matches("[0-9.]+") || h.contains(":")) {
                ips.add(h);
            } else {
                dns.add(h);
            }
        }
        return new ServiceIdentity(keys, ca.issueService(name, keys.getPublic(), dns, ips, validity));
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    public KeyStore keyStore() {
        return KeyStores.pkcs12(keys.getPrivate(), chain, password);
    }

    /** A TLS context presenting this identity and trusting {@code trust}. */
    public SSLContext sslContext(List<X509Certificate> trust) {
        return SslContexts.mutual(keys.getPrivate(), chain, trust);
    }

    /** Writes the chain and the (unencrypted, owner-only) key as PEM, for a server that reads PEM files. */
    public void writePem(Path chainFile, Path keyFile) {
        Pem.writeCertificates(chainFile, chain);
        Pem.writePrivateKey(keyFile, keys.getPrivate(), null);
    }

    public String password() {
        return new String(password);
    }

    /** Writes the key store (PKCS#12, owner-only) for a server that reads files (the embedded broker). */
    public Path writeKeyStore(Path file) {
        return write(keyStore(), file, password);
    }

    /**
     * Writes {@code certificates} as a PKCS#12 trust store (owner-only) protected by this identity's password, for a
     * server that reads its trust anchors from a file (the call relay's SIP stack).
     */
    public Path writeTrustStore(Path file, List<X509Certificate> certificates) {
        return write(KeyStores.trust(certificates), file, password);
    }

    private static Path write(KeyStore store, Path file, char[] password) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key store " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the key store " + file + ": " + e.getMessage(), e);
        }
    }
}
