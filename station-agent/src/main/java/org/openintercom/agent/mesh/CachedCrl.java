package org.openintercom.agent.mesh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.Optional;
import org.openintercom.provisioning.pki.internal.SecureFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's certificate revocation list as the station last fetched it, kept on disk
 * ({@code <data-dir>/cloud/revocations.crl}, DER) so that the mesh honours it while the cloud is gone: peers are
 * checked against it before they are called, callers before they ring. Read at each use (it is small); a file that is
 * not a CRL counts as none (logged at WARN).
 */
public final class CachedCrl {

    private static final Logger LOG = LoggerFactory.getLogger(CachedCrl.class);

    private final Path file;

    private CachedCrl(Path file) {
        this.file = file;
    }

    /** The cached list of the station whose data folder is {@code dataDir}. */
    public static CachedCrl in(Path dataDir) {
        return new CachedCrl(dataDir.resolve("cloud").resolve("revocations.crl"));
    }

    /** The list last stored, if any. */
    public Optional<X509CRL> read() {
        try {
            byte[] der = Files.readAllBytes(file);
            return Optional.of((X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(der)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            LOG.warn("the cached revocation list {} is unreadable ({}); the mesh checks without it", file,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Keeps {@code crl} (already verified by the caller) in place of the last one, atomically. */
    public void store(X509CRL crl) {
        try {
            Files.createDirectories(file.getParent());
            SecureFiles.write(file, crl.getEncoded(), false);
        } catch (IOException | CRLException e) {
            throw new IllegalStateException("cannot keep the revocation list in " + file + ": " + e.getMessage(), e);
        }
    }
}
