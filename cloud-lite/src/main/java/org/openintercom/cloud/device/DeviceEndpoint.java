package org.openintercom.cloud.device;

import java.math.BigInteger;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.DeviceState;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.cloud.store.EnrollmentResult;
import org.openintercom.cloud.store.PendingClaim;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.DesiredConfiguration;
import org.openintercom.provisioning.channel.DeviceConfiguration;
import org.openintercom.provisioning.channel.EnrollmentRequest;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.channel.RenewalRequest;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.BirthCertificates;
import org.openintercom.provisioning.pki.BirthVerification;
import org.openintercom.provisioning.pki.CertificateAuthority;
import org.openintercom.provisioning.pki.Identities;
import org.openintercom.provisioning.pki.IssueResult;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.PkiException;
import org.openintercom.provisioning.pki.RevocationReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the device endpoint decides, without HTTP: a device proving itself with its birth certificate gets its
 * operational certificate once an installer has claimed it (nonce and key fingerprint as on its label, a CSR
 * for its own key); an enrolled device renews with its current certificate. Every outcome is audited.
 */
public final class DeviceEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceEndpoint.class);
    /** How soon an unclaimed device should ask again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** An answer and the HTTP status it goes out with. */
    public record Answer(int status, EnrollmentResponse response) {
    }

    private final CertificateAuthority ca;
    private final X509Certificate manufacturerRoot;
    private final DeviceStore devices;
    private final AuditLog audit;
    private final Supplier<EnrollmentResponse.Endpoints> endpoints;
    private final Clock clock;
    private final Duration validity;
    /** How long after an enrollment the same claim may enroll again (its answer was lost on the way). */
    static final Duration REDELIVERY_WINDOW = Duration.ofHours(1);

    public DeviceEndpoint(CertificateAuthority ca, X509Certificate manufacturerRoot, DeviceStore devices,
            AuditLog audit, EnrollmentResponse.Endpoints endpoints, Clock clock) {
        this(ca, manufacturerRoot, devices, audit, () -> endpoints, CertificateAuthority.DEVICE_VALIDITY, clock);
    }

    /** With endpoints known only once the servers run (ports picked at start). */
    public DeviceEndpoint(CertificateAuthority ca, X509Certificate manufacturerRoot, DeviceStore devices,
            AuditLog audit, Supplier<EnrollmentResponse.Endpoints> endpoints, Duration validity, Clock clock) {
        this.validity = validity;
        this.ca = ca;
        this.manufacturerRoot = manufacturerRoot;
        this.devices = devices;
        this.audit = audit;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /** Enrollment: {@code peer} is the client certificate chain of the TLS session, {@code body} the request. */
    public Answer enroll(Certificate[] peer, byte[] body) {
        List<X509Certificate> chain = x509(peer);
        if (chain.isEmpty()) {
            return refuse(401, "-", "enroll", "no client certificate: present the birth certificate");
        }
        BirthVerification birth = BirthCertificates.verify(chain, manufacturerRoot, clock.instant());
        if (birth instanceof BirthVerification.Refused r) {
            String who = Identities.commonName(chain.get(0)).orElse("?");
            return refuse(403, who, "enroll", "birth certificate refused (" + r.reason() + "): " + r.message());
        }
        DeviceId id = ((BirthVerification.Valid) birth).deviceId();
        EnrollmentRequest request;
        try {
            request = ChannelJson.decode(body, EnrollmentRequest.class);
        } catch (IllegalArgumentException e) {
            return refuse(400, id.value(), "enroll", e.getMessage());
        }
        Optional<PendingClaim> pending = devices.findPendingClaim(id);
        if (pending.isEmpty()) {
            Optional<Device> known = devices.find(id);
            if (known.isEmpty() || known.get().state() == DeviceState.UNCLAIMED) {
                LOG.debug("device {} asked to enroll but is not claimed", id);
                return new Answer(200, EnrollmentResponse.waiting(RETRY_AFTER_SECONDS));
            }
            Device d = known.get();
            if (isLostAnswer(d, chain.get(0), request)) {
                return redeliver(d, request, chain.get(0));
            }
            return refuse(409, id.value(), "enroll", d.state() == DeviceState.ACTIVE
                    ? "device is already enrolled; renew with the operational certificate"
                    : "the claim expired at " + d.claimExpiresAt() + "; the installer must claim it again");
        }
        PendingClaim claim = pending.get();
        if (!ClaimCode.keyFingerprint(chain.get(0).getPublicKey()).equals(claim.keyFingerprint())) {
            return refuse(403, id.value(), "enroll", "the birth key does not match the key fingerprint of the"
                    + " claimed code: the code was scanned from another device's label");
        }
        if (!claim.nonce().equals(request.claimNonce())) {
            return refuse(403, id.value(), "enroll", "claim nonce does not match the claim (used, old or mistyped)");
        }
        IssueResult issued = issue(request.csr(), id);
        if (issued instanceof IssueResult.Rejected r) {
            return refuse(400, id.value(), "enroll", "CSR refused (" + r.rejection().code() + "): "
                    + r.rejection().message());
        }
        List<X509Certificate> issuedChain = ((IssueResult.Issued) issued).chain();
        X509Certificate cert = issuedChain.get(0);
        EnrollmentResult stored = devices.markEnrolled(id, request.claimNonce(), serial(cert),
                cert.getNotAfter().toInstant());
        if (!stored.isEnrolled()) {
            ca.revoke(cert.getSerialNumber(), RevocationReason.CESSATION_OF_OPERATION);
            return refuse(409, id.value(), "enroll", stored.problem());
        }
        audit.record(id.value(), "enroll", id.value(), AuditEntry.Outcome.OK, "certificate " + serial(cert)
                + " until " + cert.getNotAfter().toInstant());
        LOG.info("device {} enrolled at site {}", id, claim.siteId());
        return new Answer(200, EnrollmentResponse.enrolled(Pem.certificatesToPem(issuedChain),
                Pem.certificatesToPem(List.of(ca.rootCertificate())), endpoints.get(), desired(stored.device()).orElse(null)));
    }

    /**
     * Whether an enrollment request of an ACTIVE device is the same claim again because the answer to the first
     * was lost (the station timed out while the cloud had already enrolled it): the claim's nonce, the birth key
     * the claim was made for, and a certificate issued within {@link #REDELIVERY_WINDOW}. Without this the station
     * would be refused for good and need a new claim.
     */
    private boolean isLostAnswer(Device d, X509Certificate birth, EnrollmentRequest request) {
        if (d.state() != DeviceState.ACTIVE || d.certificateExpiresAt() == null || request.claimNonce() == null
                || !request.claimNonce().equals(d.claimNonce())
                || !ClaimCode.keyFingerprint(birth.getPublicKey()).equals(d.keyFingerprint())) {
            return false;
        }
        Instant issuedAt = d.certificateExpiresAt().minus(validity);
        return !clock.instant().isAfter(issuedAt.plus(REDELIVERY_WINDOW));
    }

    /** Answers a repeated enrollment: a certificate for the presented CSR replaces the one whose answer was lost. */
    private Answer redeliver(Device d, EnrollmentRequest request, X509Certificate birth) {
        DeviceId id = d.id();
        IssueResult issued = issue(request.csr(), id);
        if (issued instanceof IssueResult.Rejected r) {
            return refuse(400, id.value(), "enroll", "CSR refused (" + r.rejection().code() + "): "
                    + r.rejection().message());
        }
        List<X509Certificate> issuedChain = ((IssueResult.Issued) issued).chain();
        X509Certificate cert = issuedChain.get(0);
        String oldSerial = d.certificateSerial();
        if (!devices.renewed(id, oldSerial, serial(cert), cert.getNotAfter().toInstant())) {
            ca.revoke(cert.getSerialNumber(), RevocationReason.CESSATION_OF_OPERATION);
            return refuse(409, id.value(), "enroll", "device is already enrolled; renew with the operational"
                    + " certificate");
        }
        ca.revoke(serial(oldSerial), RevocationReason.SUPERSEDED);
        audit.record(id.value(), "enroll", id.value(), AuditEntry.Outcome.OK, "repeated enrollment (the first"
                + " answer was lost): certificate " + serial(cert) + " replaces " + oldSerial);
        LOG.info("device {} repeated its enrollment; certificate issued again", id);
        Device now = devices.find(id).orElse(d);
        return new Answer(200, EnrollmentResponse.enrolled(Pem.certificatesToPem(issuedChain),
                Pem.certificatesToPem(List.of(ca.rootCertificate())), endpoints.get(), desired(now).orElse(null)));
    }

    /** Renewal: {@code peer} holds the current operational certificate (TLS already checked its chain). */
    public Answer renew(Certificate[] peer, byte[] body) {
        List<X509Certificate> chain = x509(peer);
        Optional<DeviceId> id = chain.isEmpty() ? Optional.empty() : Identities.deviceIdOf(chain.get(0));
        if (id.isEmpty()) {
            return refuse(401, "-", "renew", "renewal needs the operational device certificate");
        }
        X509Certificate current = chain.get(0);
        Optional<String> invalid = ClientCertificateCheck.problem(chain, ca.rootCertificate(), clock.instant());
        if (invalid.isPresent()) {
            return refuse(403, id.get().value(), "renew", "operational certificate refused (" + invalid.get() + ")");
        }
        String oldSerial = serial(current);
        if (ca.isRevoked(current.getSerialNumber()) || devices.isRevoked(oldSerial)) {
            return refuse(403, id.get().value(), "renew", "certificate " + oldSerial + " is revoked");
        }
        RenewalRequest request;
        try {
            request = ChannelJson.decode(body, RenewalRequest.class);
        } catch (IllegalArgumentException e) {
            return refuse(400, id.get().value(), "renew", e.getMessage());
        }
        IssueResult issued = issue(request.csr(), id.get());
        if (issued instanceof IssueResult.Rejected r) {
            return refuse(400, id.get().value(), "renew", "CSR refused (" + r.rejection().code() + "): "
                    + r.rejection().message());
        }
        List<X509Certificate> issuedChain = ((IssueResult.Issued) issued).chain();
        X509Certificate cert = issuedChain.get(0);
        if (!devices.renewed(id.get(), oldSerial, serial(cert), cert.getNotAfter().toInstant())) {
            ca.revoke(cert.getSerialNumber(), RevocationReason.CESSATION_OF_OPERATION);
            return refuse(409, id.get().value(), "renew", "certificate " + oldSerial + " is not the device's current one");
        }
        ca.revoke(current.getSerialNumber(), RevocationReason.SUPERSEDED);
        audit.record(id.get().value(), "renew", id.get().value(), AuditEntry.Outcome.OK, "certificate "
                + serial(cert) + " replaces " + oldSerial);
        LOG.info("device {} renewed its certificate", id.get());
        return new Answer(200, EnrollmentResponse.enrolled(Pem.certificatesToPem(issuedChain),
                Pem.certificatesToPem(List.of(ca.rootCertificate())), endpoints.get(), null));
    }

    private IssueResult issue(String csrPem, DeviceId id) {
        PKCS10CertificationRequest csr;
        try {
            csr = Pem.parseCsr(csrPem);
        } catch (PkiException | IllegalArgumentException e) {
            return IssueResult.rejected(org.openintercom.provisioning.pki.Rejection.Code.MALFORMED,
                    "the CSR cannot be read: " + e.getMessage());
        }
        return ca.issueDevice(csr, id, validity);
    }

    private Optional<DesiredConfiguration> desired(Device d) {
        if (d.desiredConfig() == null || d.desiredVersion() < 1) {
            return Optional.empty();
        }
        try {
            DeviceConfiguration c = ChannelJson.decode(d.desiredConfig(), DeviceConfiguration.class);
            return Optional.of(new DesiredConfiguration(d.desiredVersion(), 0, c, clock.instant()));
        } catch (IllegalArgumentException e) {
            // the certificate is issued and the nonce used: answer without the configuration rather than fail
            LOG.warn("device {}: stored configuration v{} cannot be sent: {}", d.id(), d.desiredVersion(), e.getMessage());
            return Optional.empty();
        }
    }

    private Answer refuse(int status, String actor, String action, String reason) {
        audit.record(actor, action, actor, AuditEntry.Outcome.REFUSED, reason);
        LOG.debug("device {} {} refused: {}", actor, action, reason);
        return new Answer(status, EnrollmentResponse.refused(reason));
    }

    private static List<X509Certificate> x509(Certificate[] peer) {
        if (peer == null) {
            return List.of();
        }
        return Arrays.stream(peer).filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
    }

    /** Serial numbers as stored: lower-case hex. */
    public static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }

    /** A stored serial (hex) as a number. */
    public static BigInteger serial(String hex) {
        return new BigInteger(hex, 16);
    }
}
