package org.openintercom.agent.mesh;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.CertPaths;
import org.openintercom.provisioning.pki.Identities;

/**
 * Decides whether a certificate chain a peer showed may stand for its announcement: it leads to one of the cloud's
 * trust anchors (offline: no fetching), is not on the cached revocation list, names the announced device id and has
 * the announced fingerprint.
 */
public final class PeerCertificateCheck {

    private final List<X509Certificate> trustAnchors;
    private final Supplier<Optional<X509CRL>> cachedCrl;
    private final Clock clock;

    /**
     * @param trustAnchors the cloud CA roots the station holds
     * @param cachedCrl the last revocation list the station fetched from the cloud, if any (read at each check)
     */
    public PeerCertificateCheck(List<X509Certificate> trustAnchors, Supplier<Optional<X509CRL>> cachedCrl,
            Clock clock) {
        this.trustAnchors = List.copyOf(trustAnchors);
        this.cachedCrl = Objects.requireNonNull(cachedCrl, "cachedCrl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (this.trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("peer checks need at least one trust anchor");
        }
    }

    /** Why {@code chain} (leaf first) may not stand for {@code announcement}; empty when it may. */
    public Optional<String> problem(List<X509Certificate> chain, MeshAnnouncement announcement) {
        if (chain.isEmpty()) {
            return Optional.of("no certificate shown");
        }
        X509Certificate leaf = chain.get(0);
        Optional<String> untrusted = untrusted(chain);
        if (untrusted.isPresent()) {
            return untrusted;
        }
        Optional<String> revoked = revoked(chain);
        if (revoked.isPresent()) {
            return revoked;
        }
        Optional<DeviceId> named = Identities.deviceIdOf(leaf);
        if (named.isEmpty()) {
            return Optional.of("the certificate names no device (subject " + leaf.getSubjectX500Principal() + ")");
        }
        if (!named.get().value().equals(announcement.deviceId())) {
            return Optional.of("the certificate names device " + named.get() + ", the announcement "
                    + announcement.deviceId());
        }
        String fingerprint = fingerprint(leaf);
        if (!fingerprint.equals(announcement.fingerprint())) {
            return Optional.of("the certificate's fingerprint " + fingerprint + " is not the announced "
                    + announcement.fingerprint());
        }
        return Optional.empty();
    }

    private Optional<String> untrusted(List<X509Certificate> chain) {
        String last = "";
        for (X509Certificate anchor : trustAnchors) {
            Optional<CertPaths.Failure> failure = CertPaths.validate(chain, anchor, clock.instant());
            if (failure.isEmpty()) {
                return Optional.empty();
            }
            last = failure.get().kind() + ": " + failure.get().message();
        }
        return Optional.of("the certificate chain is not valid under our CA (" + last + ")");
    }

    /**
     * Why {@code chain}'s leaf may not be used: it is on the cached CRL. The list counts when the leaf's issuer (in
     * the chain) signed it; a list we cannot verify is ignored. Also the check a station makes of its callers.
     */
    public Optional<String> revoked(List<X509Certificate> chain) {
        Optional<X509CRL> crl = cachedCrl.get();
        if (crl.isEmpty() || chain.size() < 2) {
            return Optional.empty();
        }
        X509Certificate leaf = chain.get(0);
        X509Certificate issuer = chain.get(1);
        if (!crl.get().getIssuerX500Principal().equals(leaf.getIssuerX500Principal())) {
            return Optional.empty();
        }
        try {
            crl.get().verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
        return crl.get().isRevoked(leaf)
                ? Optional.of("the certificate " + leaf.getSerialNumber().toString(16) + " is revoked")
                : Optional.empty();
    }

    /** SHA-256 of the certificate's DER encoding, lower-case hex: what {@link MeshAnnouncement#fingerprint()} holds. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a certificate: " + e.getMessage(), e);
        }
    }
}
