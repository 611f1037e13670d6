package org.openintercom.provisioning.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * The identities certificates carry: SAN URIs {@code urn:openintercom:device:<id>} (operational device
 * certificates), {@code urn:openintercom:birth:<id>} (birth certificates) and
 * {@code urn:openintercom:service:<name>} (the cloud's own services), and the CN that must agree with them.
 */
public final class Identities {

    /** SAN URI prefix of an operational device certificate. */
    public static final String DEVICE_URI_PREFIX = "urn:openintercom:device:";
    /** SAN URI prefix of a birth certificate. */
    public static final String BIRTH_URI_PREFIX = "urn:openintercom:birth:";
    /** SAN URI prefix of a service certificate. */
    public static final String SERVICE_URI_PREFIX = "urn:openintercom:service:";

    private static final int SAN_URI = 6;

    private Identities() {
    }

    /** {@code urn:openintercom:device:<id>}. */
    public static String deviceUri(DeviceId id) {
        return DEVICE_URI_PREFIX + id.value();
    }

    /** {@code urn:openintercom:birth:<id>}. */
    public static String birthUri(DeviceId id) {
        return BIRTH_URI_PREFIX + id.value();
    }

    /** {@code urn:openintercom:service:<name>}. */
    public static String serviceUri(String name) {
        return SERVICE_URI_PREFIX + Objects.requireNonNull(name, "name");
    }

    /** The device id of an operational device certificate: its CN, if it equals the id in its device SAN URI. */
    public static Optional<DeviceId> deviceIdOf(X509Certificate certificate) {
        return idMatchingCn(certificate, DEVICE_URI_PREFIX).filter(DeviceId::isValid).map(DeviceId::new);
    }

    /** The device id of a birth certificate: its CN, if it equals the id in its birth SAN URI. */
    public static Optional<DeviceId> birthDeviceIdOf(X509Certificate certificate) {
        return idMatchingCn(certificate, BIRTH_URI_PREFIX).filter(DeviceId::isValid).map(DeviceId::new);
    }

    /** The service name of a service certificate: its CN, if it equals the name in its service SAN URI. */
    public static Optional<String> serviceNameOf(X509Certificate certificate) {
        return idMatchingCn(certificate, SERVICE_URI_PREFIX);
    }

    /** The subject's common name (the first CN), if any. */
    public static Optional<String> commonName(X509Certificate certificate) {
        return commonName(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()));
    }

    /** The first CN of {@code name}, if any. */
    public static Optional<String> commonName(X500Name name) {
        RDN[] cns = name.getRDNs(BCStyle.CN);
        if (cns.length == 0 || cns[0].getFirst() == null) {
            return Optional.empty();
        }
        return Optional.of(IETFUtils.valueToString(cns[0].getFirst().getValue()));
    }

    /** The URIs among the certificate's subject alternative names. */
    public static List<String> sanUris(X509Certificate certificate) {
        List<String> uris = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> n : names) {
                    if (n.size() == 2 && n.get(0) instanceof Integer type && type == SAN_URI) {
                        uris.add(String.valueOf(n.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return uris;
    }

    private static Optional<String> idMatchingCn(X509Certificate certificate, String prefix) {
        Optional<String> cn = commonName(certificate);
        if (cn.isEmpty()) {
            return Optional.empty();
        }
        List<String> ids = sanUris(certificate).stream()
                .filter(u -> u.startsWith(prefix))
                .map(u -> u.substring(prefix.length()))
                .toList();
        return ids.size() == 1 && ids.get(0).equals(cn.get()) ? cn : Optional.empty();
    }
}
