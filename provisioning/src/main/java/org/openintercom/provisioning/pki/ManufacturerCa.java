package org.openintercom.provisioning.pki;

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
import java.util.Objects;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.internal.Certs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The factory's certificate authority: a self-signed root that signs each device's birth certificate, the
 * proof that a device was made by us; its key is kept encrypted in {@code manufacturer.key}.
 *
 * <p>Directory layout: {@code manufacturer.crt} and {@code manufacturer.key} (encrypted PKCS#8, owner-only).
 */
public final class ManufacturerCa {

    /** Validity of the manufacturer root; it outlives every birth certificate it signs. */
    public static final Duration ROOT_VALIDITY = Duration.ofDays(40 * 365 + 10);
    /** Default validity of a birth certificate. */
    public static final Duration BIRTH_VALIDITY = Duration.ofDays(20 * 365 + 5);
    /** Organisation of birth certificates and of the manufacturer root. */
    public static final String ORGANISATION = "OpenIntercom manufacturing";

    private static final Logger LOG = LoggerFactory.getLogger(ManufacturerCa.class);

    private final Clock clock;
    private final X509Certificate root;
    private final PrivateKey key;

    private ManufacturerCa(Clock clock, X509Certificate root, PrivateKey key) {
        this.clock = clock;
        this.root = root;
        this.key = key;
    }

    /**
     * Loads the manufacturer CA in {@code dir}, or creates it (a P-384 key) if the directory holds none.
     *
     * @throws WrongPassphraseException if the passphrase does not open the stored key
     */
    public static ManufacturerCa createOrLoad(Path dir, char[] passphrase, Clock clock) {
        SelfSignedRoot root = SelfSignedRoot.loadOrCreate(new SelfSignedRoot.Files(dir, "manufacturer.crt",
                "manufacturer.key", "manufacturer CA"), passphrase, clock, "OpenIntercom manufacturer CA", ORGANISATION,
                ROOT_VALIDITY);
        return new ManufacturerCa(clock, root.certificate(), root.key());
    }

    /** A birth certificate valid for {@link #BIRTH_VALIDITY}; see {@link #issueBirth(DeviceId, PublicKey, String, Duration)}. */
    public X509Certificate issueBirth(DeviceId deviceId, PublicKey birthKey, String model) {
        return issueBirth(deviceId, birthKey, model, BIRTH_VALIDITY);
    }

    /**
     * A birth certificate for a device's birth key: subject {@code CN=<id>, OU=<model>, O=OpenIntercom
     * manufacturing}, SAN URI {@code urn:openintercom:birth:<id>}, EKU clientAuth, keyUsage digitalSignature.
     */
    public X509Certificate issueBirth(DeviceId deviceId, PublicKey birthKey, String model, Duration validity) {
        Objects.requireNonNull(deviceId, "deviceId");
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a birth certificate needs a model");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate cert = Certs.endEntity(root, key, Certs.name(deviceId.value(), model, ORGANISATION),
                SubjectPublicKeyInfo.getInstance(birthKey.getEncoded()), now.minus(CertificateAuthority.BACKDATE),
                now.plus(validity),
                List.of(new GeneralName(GeneralName.uniformResourceIdentifier, Identities.birthUri(deviceId))),
                KeyPurposeId.id_kp_clientAuth);
        LOG.info("Issued birth certificate for {} ({})", deviceId, model);
        return cert;
    }

    /** The manufacturer root: the trust anchor the cloud checks birth certificates against. */
    public X509Certificate rootCertificate() {
        return root;
    }
}
