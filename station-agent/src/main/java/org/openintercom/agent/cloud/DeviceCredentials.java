package org.openintercom.agent.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.internal.SecureFiles;
import org.openintercom.provisioning.pki.SslContexts;

/**
 * The station's operational identity as kept on its disk: the key it made for itself, the certificate chain
 * the cloud issued for it, the cloud's trust anchors and the endpoints. The folder and the files are readable
 * by the station's user only.
 */
record DeviceCredentials(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trustAnchors,
        EnrollmentResponse.Endpoints endpoints) {

    static final String KEY = "device.key";
    static final String CHAIN = "device.crt";
    static final String TRUST = "cloud-ca.crt";
    static final String ENDPOINTS = "endpoints.json";

    DeviceCredentials {
        chain = List.copyOf(chain);
        trustAnchors = List.copyOf(trustAnchors);
    }

    X509Certificate certificate() {
        return chain.get(0);
    }

    /** A TLS context presenting this identity and trusting only the cloud's anchors. */
    SSLContext sslContext() {
        return SslContexts.mutual(key, chain, trustAnchors);
    }

    /** The kept identity, or empty when the station has not enrolled yet. */
    static Optional<DeviceCredentials> load(Path dir) {
        if (!Files.exists(dir.resolve(KEY)) || !Files.exists(dir.resolve(CHAIN)) || !Files.exists(dir.resolve(ENDPOINTS))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DeviceCredentials(Pem.readPrivateKey(dir.resolve(KEY), null),
                    Pem.readCertificates(dir.resolve(CHAIN)), Pem.readCertificates(dir.resolve(TRUST)),
                    ChannelJson.decode(Files.readAllBytes(dir.resolve(ENDPOINTS)), EnrollmentResponse.Endpoints.class)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the station's credentials in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the identity; the certificate goes last, so a power cut never leaves a certificate without its key
     * (the old pair stays in use until the new one is complete).
     */
    void save(Path dir) {
        try {
            ensurePrivateDirectory(dir);
            Pem.writePrivateKey(dir.resolve(KEY + ".new"), key, null);
            Pem.writeCertificates(dir.resolve(TRUST), trustAnchors);
            SecureFiles.write(dir.resolve(ENDPOINTS), ChannelJson.encode(endpoints), true);
            Pem.writeCertificates(dir.resolve(CHAIN + ".new"), chain);
            for (String f : List.of(CHAIN + ".new", TRUST)) {
                Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(dir.resolve(KEY + ".new"), dir.resolve(KEY), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(dir.resolve(CHAIN + ".new"), dir.resolve(CHAIN), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the station's credentials in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Forgets the identity (after the cloud revoked it on unclaim). */
    static void delete(Path dir) {
        try {
            for (String f : List.of(CHAIN, KEY, ENDPOINTS)) {
                Files.deleteIfExists(dir.resolve(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the station's credentials in " + dir + ": " + e.getMessage(), e);
        }
    }

    static void ensurePrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
}
