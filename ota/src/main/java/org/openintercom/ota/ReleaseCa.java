package org.openintercom.ota;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.openintercom.provisioning.pki.CertificateAuthority;
import org.openintercom.provisioning.pki.SelfSignedRoot;
import org.openintercom.provisioning.pki.PkiException;
import org.openintercom.provisioning.pki.internal.Certs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The release CA: a self-signed root, kept offline with its key encrypted at rest, that certifies the keys
 * allowed to sign firmware bundles (EKU codeSigning); devices trust only this root for firmware.
 *
 * <p>Directory layout: {@code release-root.crt} and {@code release-root.key} (encrypted PKCS#8, owner-only).
 */
public final class ReleaseCa {

    /** Validity of the release root; devices keep it for their lifetime. */
    public static final Duration ROOT_VALIDITY = Duration.ofDays(30 * 365 + 7);
    /** Default validity of a release-signing certificate. */
    public static final Duration SIGNER_VALIDITY = Duration.ofDays(3 * 365 + 1);
    /** Organisation of the root and the signers. */
    public static final String ORGANISATION = "OpenIntercom releases";
    /** Certificate file in the CA directory. */
    public static final String ROOT_CRT = "release-root.crt";
    /** Encrypted key file in the CA directory. */
    public static final String ROOT_KEY = "release-root.key";

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseCa.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}");

    private final Clock clock;
    private final X509Certificate root;
    private final PrivateKey key;

    private ReleaseCa(Clock clock, X509Certificate root, PrivateKey key) {
        this.clock = clock;
        this.root = root;
        this.key = key;
    }

    /**
     * Loads the release CA in {@code dir}, or creates it (a P-384 root key) if the directory holds none.
     *
     * @throws org.openintercom.provisioning.pki.WrongPassphraseException if the passphrase does not open the key
     * @throws PkiException if the directory holds half a CA, or a file cannot be read
     */
    public static ReleaseCa createOrLoad(Path dir, char[] passphrase, Clock clock) {
        SelfSignedRoot root = SelfSignedRoot.loadOrCreate(new SelfSignedRoot.Files(dir, ROOT_CRT, ROOT_KEY,
                "release CA"), passphrase, clock, "OpenIntercom release CA", ORGANISATION, ROOT_VALIDITY);
        return new ReleaseCa(clock, root.certificate(), root.key());
    }

    /**
     * Certifies a release-signing key (Ed25519 or EC P-256): subject {@code CN=<name>, O=OpenIntercom
     * releases}, keyUsage digitalSignature, EKU codeSigning. Returns [signer, root].
     */
    public List<X509Certificate> issueSigner(String name, PublicKey signingKey, Duration validity) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("signer name '" + name + "' must be 1-63 letters, digits, spaces, "
                    + "'.', '_' or '-'");
        }
        if (SigningAlgorithm.forKey(signingKey).isEmpty()) {
            throw new IllegalArgumentException("a release-signing key must be Ed25519 or EC P-256, this one is "
                    + signingKey.getAlgorithm());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate cert = Certs.endEntity(root, key, Certs.name(name, null, ORGANISATION),
                SubjectPublicKeyInfo.getInstance(signingKey.getEncoded()), now.minus(CertificateAuthority.BACKDATE),
                now.plus(validity), List.of(), KeyPurposeId.id_kp_codeSigning);
        LOG.info("Issued release-signing certificate for {} (serial {}, until {})", name,
                cert.getSerialNumber().toString(16), cert.getNotAfter().toInstant());
        return List.of(cert, root);
    }

    /** The release root: the only certificate a device trusts for firmware. */
    public X509Certificate rootCertificate() {
        return root;
    }
}
