package org.openintercom.provisioning.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.internal.Certs;
import org.openintercom.provisioning.pki.internal.KeyPolicy;
import org.openintercom.provisioning.pki.internal.RevocationStore;
import org.openintercom.provisioning.pki.internal.SecureFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's certificate authority: a root (trust anchor) and an issuing intermediate that certifies
 * devices and services, revokes certificates and signs the CRL; its keys are kept encrypted in one directory.
 *
 * <p>Directory layout: {@code root.crt}, {@code root.key}, {@code issuing.crt}, {@code issuing.key} (keys as
 * encrypted PKCS#8, owner-only) and {@code revoked.json} (revocations and the CRL number).
 */
public final class CertificateAuthority {

    /** Validity of the root certificate. */
    public static final Duration ROOT_VALIDITY = Duration.ofDays(20 * 365 + 5);
    /** Validity of the issuing certificate. */
    public static final Duration ISSUING_VALIDITY = Duration.ofDays(10 * 365 + 2);
    /** Default validity of an operational device certificate. */
    public static final Duration DEVICE_VALIDITY = Duration.ofDays(90);
    /** How long a CRL is valid (its nextUpdate). */
    public static final Duration CRL_VALIDITY = Duration.ofDays(1);
    /** Certificates start this long before issuance, to tolerate clocks slightly behind. */
    public static final Duration BACKDATE = Duration.ofMinutes(5);
    /** Organisation of operational device certificates. */
    public static final String DEVICE_ORGANISATION = "OpenIntercom devices";
    /** Organisation of the CA and service certificates. */
    public static final String CLOUD_ORGANISATION = "OpenIntercom cloud";

    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthority.class);
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final Path dir;
    private final Clock clock;
    private final X509Certificate root;
    private final X509Certificate issuing;
    private final PrivateKey issuingKey;
    private final RevocationStore revocations;

    private CertificateAuthority(Path dir, Clock clock, X509Certificate root, X509Certificate issuing,
            PrivateKey issuingKey) {
        this.dir = dir;
        this.clock = clock;
        this.root = root;
        this.issuing = issuing;
        this.issuingKey = issuingKey;
        this.revocations = RevocationStore.open(dir.resolve("revoked.json"));
    }

    /**
     * Loads the CA in {@code dir}, or creates a new root and issuing CA there (P-384 keys) if the directory
     * holds none.
     *
     * @throws WrongPassphraseException if the passphrase does not open the stored keys
     * @throws PkiException if the directory holds part of a CA, or a file cannot be read or written
     */
    public static CertificateAuthority createOrLoad(Path dir, char[] passphrase, Clock clock) {
        Objects.requireNonNull(passphrase, "passphrase");
        List<String> files = List.of("root.crt", "root.key", "issuing.crt", "issuing.key");
        List<String> present = files.stream().filter(f -> Files.exists(dir.resolve(f))).toList();
        if (present.isEmpty()) {
            return create(dir, passphrase, clock);
        }
        if (present.size() < files.size()) {
            List<String> missing = new ArrayList<>(files);
            missing.removeAll(present);
            throw new PkiException("the certificate authority in " + dir + " is incomplete: missing " + missing);
        }
        X509Certificate root = Pem.readCertificate(dir.resolve("root.crt"));
        X509Certificate issuing = Pem.readCertificate(dir.resolve("issuing.crt"));
        Certs.requireMatchingKey(root, Pem.readPrivateKey(dir.resolve("root.key"), passphrase),
                dir.resolve("root.key").toString());
        PrivateKey issuingKey = Pem.readPrivateKey(dir.resolve("issuing.key"), passphrase);
        Certs.requireMatchingKey(issuing, issuingKey, dir.resolve("issuing.key").toString());
        LOG.info("Loaded certificate authority from {} (issuing CA {})", dir, issuing.getSubjectX500Principal());
        return new CertificateAuthority(dir, clock, root, issuing, issuingKey);
    }

    private static CertificateAuthority create(Path dir, char[] passphrase, Clock clock) {
        SecureFiles.createPrivateDirectory(dir);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minus(BACKDATE);
        KeyPair rootKeys = KeyPairs.ecP384();
        X509Certificate root = Certs.selfSignedCa(rootKeys,
                Certs.name("OpenIntercom root CA", null, CLOUD_ORGANISATION), from, now.plus(ROOT_VALIDITY), 1);
        KeyPair issuingKeys = KeyPairs.ecP384();
        X509Certificate issuing = Certs.subordinateCa(root, rootKeys.getPrivate(),
                Certs.name("OpenIntercom issuing CA 1", null, CLOUD_ORGANISATION),
                SubjectPublicKeyInfo.getInstance(issuingKeys.getPublic().getEncoded()), from,
                now.plus(ISSUING_VALIDITY), 0);
        Pem.writePrivateKey(dir.resolve("root.key"), rootKeys.getPrivate(), passphrase);
        Pem.writePrivateKey(dir.resolve("issuing.key"), issuingKeys.getPrivate(), passphrase);
        Pem.writeCertificates(dir.resolve("root.crt"), List.of(root));
        Pem.writeCertificates(dir.resolve("issuing.crt"), List.of(issuing));
        LOG.info("Created certificate authority in {}", dir);
        return new CertificateAuthority(dir, clock, root, issuing, issuingKeys.getPrivate());
    }

    /** Certifies a device's key for {@link #DEVICE_VALIDITY}; see {@link #issueDevice(PKCS10CertificationRequest, DeviceId, Duration)}. */
    public IssueResult issueDevice(PKCS10CertificationRequest csr, DeviceId expectedDevice) {
        return issueDevice(csr, expectedDevice, DEVICE_VALIDITY);
    }

    /**
     * Certifies the key in a device's request, after checking it: the key is EC P-256/P-384 or RSA ≥ 2048,
     * the request is signed by that key, its subject CN is exactly {@code expectedDevice}, and it asks for no
     * CA rights. The certificate has subject {@code CN=<id>, O=OpenIntercom devices}, SAN URI
     * {@code urn:openintercom:device:<id>}, EKU clientAuth and serverAuth; nothing else is copied from the request.
     */
    public IssueResult issueDevice(PKCS10CertificationRequest csr, DeviceId expectedDevice, Duration validity) {
        CsrView view = CsrView.of(csr);
        Optional<String> weakness = KeyPolicy.weakness(view.publicKey());
        if (weakness.isPresent()) {
            return rejected(Rejection.Code.WEAK_KEY, "CSR for " + expectedDevice + " has a weak key: "
                    + weakness.get());
        }
        if (!view.signatureValid()) {
            return rejected(Rejection.Code.BAD_SIGNATURE, "CSR signature does not verify against the CSR's own key "
                    + "(the sender does not hold the private key, or the CSR was altered)");
        }
        if (!view.commonName().equals(Optional.of(expectedDevice.value()))) {
            return rejected(Rejection.Code.WRONG_DEVICE, "CSR names device " + view.commonName().orElse("(no CN)")
                    + ", expected " + expectedDevice);
        }
        if (view.extensionRequestMalformed()) {
            return rejected(Rejection.Code.MALFORMED, "CSR for " + expectedDevice + " has an unreadable "
                    + "extensionRequest attribute");
        }
        if (view.requestsCaRights()) {
            return rejected(Rejection.Code.REQUESTS_CA_RIGHTS, "CSR for " + expectedDevice + " requests CA rights "
                    + "(basicConstraints cA=true or keyUsage keyCertSign/cRLSign); devices are end entities");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate cert = Certs.endEntity(issuing, issuingKey,
                Certs.name(expectedDevice.value(), null, DEVICE_ORGANISATION), view.publicKey(),
                now.minus(BACKDATE), now.plus(validity),
                List.of(new GeneralName(GeneralName.uniformResourceIdentifier, Identities.deviceUri(expectedDevice))),
                KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth);
        LOG.info("Issued device certificate for {} (serial {}, until {})", expectedDevice,
                cert.getSerialNumber().toString(16), cert.getNotAfter().toInstant());
        return IssueResult.issued(chainFor(cert));
    }

    private IssueResult rejected(Rejection.Code code, String message) {
        LOG.info("Refused certificate request: {}", message);
        return IssueResult.rejected(code, message);
    }

    /**
     * Certifies one of the cloud's own services (MQTT broker, API, relay): subject
     * {@code CN=<name>, O=OpenIntercom cloud}, SAN URI {@code urn:openintercom:service:<name>} plus the given
     * DNS names and IP addresses, EKU serverAuth and clientAuth. Returns [service, issuing].
     */
    public List<X509Certificate> issueService(String name, PublicKey key, List<String> dnsNames,
            List<String> ipAddresses, Duration validity) {
        if (name == null || !SERVICE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("service name '" + name + "' must be 1-63 letters, digits, "
                    + "'.', '_' or '-'");
        }
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
        KeyPolicy.weakness(spki).ifPresent(w -> {
            throw new IllegalArgumentException("service " + name + " has a weak key: " + w);
        });
        List<GeneralName> sans = new ArrayList<>();
        sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, Identities.serviceUri(name)));
        dnsNames.forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
        for (String ip : ipAddresses) {
            try {
                sans.add(new GeneralName(GeneralName.iPAddress, ip));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + ip + "' is not an IP address", e);
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate cert = Certs.endEntity(issuing, issuingKey, Certs.name(name, null, CLOUD_ORGANISATION),
                spki, now.minus(BACKDATE), now.plus(validity), sans,
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
        LOG.info("Issued service certificate for {} (serial {})", name, cert.getSerialNumber().toString(16));
        return chainFor(cert);
    }

    /** Revokes a certificate of the issuing CA; false if it was already revoked. */
    public boolean revoke(BigInteger serial, RevocationReason reason) {
        boolean fresh = revocations.revoke(serial, reason, clock.instant().truncatedTo(ChronoUnit.SECONDS));
        if (fresh) {
            LOG.info("Revoked certificate {} ({})", serial.toString(16), reason);
        }
        return fresh;
    }

    /** Whether {@code serial} is revoked. */
    public boolean isRevoked(BigInteger serial) {
        return revocations.find(serial).isPresent();
    }

    /**
     * A new CRL signed by the issuing CA (DER): every revoked serial with its date and reason, thisUpdate now,
     * nextUpdate after {@link #CRL_VALIDITY}, a CRL number one above the last one issued, and the AKI.
     */
    public byte[] crl() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509v2CRLBuilder b = new X509v2CRLBuilder(Certs.subjectName(issuing), Date.from(now));
        b.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
        for (RevocationStore.Entry e : revocations.entries()) {
            b.addCRLEntry(e.serialNumber(), Date.from(e.revocationTime()), e.reason().code());
        }
        try {
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuing));
            b.addExtension(Extension.cRLNumber, false,
                    new CRLNumber(BigInteger.valueOf(revocations.nextCrlNumber())));
            return b.build(Certs.signer(issuingKey)).getEncoded();
        } catch (IOException | CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new PkiException("cannot sign the CRL of " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The root certificate: the trust anchor devices and services are given. */
    public X509Certificate rootCertificate() {
        return root;
    }

    /** The issuing CA certificate. */
    public X509Certificate issuingCertificate() {
        return issuing;
    }

    /** The chain to send with a certificate this CA issued: [leaf, issuing]. */
    public List<X509Certificate> chainFor(X509Certificate leaf) {
        return List.of(leaf, issuing);
    }
}
