package org.openintercom.provisioning.pki;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.openintercom.provisioning.pki.internal.Certs;
import org.openintercom.provisioning.pki.internal.SecureFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-signed root of a single-level CA (manufacturer, release) kept in a folder: its certificate and its
 * P-384 key, encrypted with a passphrase and readable by the owner only. Loaded if both files are there, created
 * if neither is, refused if only one is.
 */
public record SelfSignedRoot(X509Certificate certificate, PrivateKey key) {

    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedRoot.class);

    /** Where a root lives and what it is called. */
    public record Files(Path dir, String certificateFile, String keyFile, String what) {
    }

    /**
     * Loads or creates the root.
     *
     * @throws WrongPassphraseException if the passphrase does not open the stored key
     * @throws PkiException if the folder holds half a CA, or a file cannot be read
     */
    public static SelfSignedRoot loadOrCreate(Files files, char[] passphrase, Clock clock, String commonName,
            String organisation, Duration validity) {
        Objects.requireNonNull(passphrase, "passphrase");
        Path crt = files.dir().resolve(files.certificateFile());
        Path keyFile = files.dir().resolve(files.keyFile());
        boolean hasCrt = java.nio.file.Files.exists(crt);
        boolean hasKey = java.nio.file.Files.exists(keyFile);
        if (hasCrt && hasKey) {
            X509Certificate root = Pem.readCertificate(crt);
            PrivateKey key = Pem.readPrivateKey(keyFile, passphrase);
            Certs.requireMatchingKey(root, key, keyFile.toString());
            LOG.info("Loaded {} from {}", files.what(), files.dir());
            return new SelfSignedRoot(root, key);
        }
        if (hasCrt || hasKey) {
            throw new PkiException("the " + files.what() + " in " + files.dir() + " is incomplete: missing "
                    + (hasCrt ? keyFile.getFileName() : crt.getFileName()));
        }
        SecureFiles.createPrivateDirectory(files.dir());
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        KeyPair keys = KeyPairs.ecP384();
        X509Certificate root = Certs.selfSignedCa(keys, Certs.name(commonName, null, organisation),
                now.minus(CertificateAuthority.BACKDATE), now.plus(validity), 0);
        Pem.writePrivateKey(keyFile, keys.getPrivate(), passphrase);
        Pem.writeCertificates(crt, List.of(root));
        LOG.info("Created {} in {}", files.what(), files.dir());
        return new SelfSignedRoot(root, keys.getPrivate());
    }
}
