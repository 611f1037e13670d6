package org.openintercom.cloud.mqtt;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.openintercom.provisioning.claim.DeviceId;

/** Who an MQTT client is, as its TLS client certificate says: a device or the cloud's own service. */
public sealed interface ClientIdentity {

    /** SAN URI prefix of a device certificate: {@code urn:openintercom:device:<deviceId>}. */
    String DEVICE_URI_PREFIX = "urn:openintercom:device:";

    /** SAN URI prefix of a service certificate: {@code urn:openintercom:service:<name>}. */
    String SERVICE_URI_PREFIX = "urn:openintercom:service:";

    /** The one service the broker knows: cloud-lite itself, which may use all of {@code oi/v1/#}. */
    Service CLOUD_LITE = new Service("cloud-lite");

    /** A device; it must use its device id as MQTT client id and stays inside its own topic subtree. */
    record Device(DeviceId deviceId) implements ClientIdentity {
    }

    /** A cloud service. */
    record Service(String name) implements ClientIdentity {
    }

    /**
     * Reads the identity from a client certificate: exactly one device SAN URI whose id equals the subject CN, or
     * exactly the cloud-lite service SAN URI with CN {@code cloud-lite}; empty for anything else (no SAN URI, both
     * kinds, an unknown service, a CN that disagrees, a certificate whose extended key usage excludes clientAuth).
     */
    static Optional<ClientIdentity> fromCertificate(X509Certificate certificate) {
        if (!allowsClientAuth(certificate)) {
            return Optional.empty();
        }
        List<String> uris = sanUris(certificate);
        List<String> devices = uris.stream().filter(u -> u.startsWith(DEVICE_URI_PREFIX)).toList();
        List<String> services = uris.stream().filter(u -> u.startsWith(SERVICE_URI_PREFIX)).toList();
        Optional<String> cn = commonName(certificate);
        if (devices.size() == 1 && services.isEmpty()) {
            String id = devices.get(0).substring(DEVICE_URI_PREFIX.length());
            if (DeviceId.isValid(id) && cn.filter(id::equals).isPresent()) {
                return Optional.of(new Device(new DeviceId(id)));
            }
        } else if (services.size() == 1 && devices.isEmpty()) {
            String name = services.get(0).substring(SERVICE_URI_PREFIX.length());
            if (name.equals(CLOUD_LITE.name()) && cn.filter(name::equals).isPresent()) {
                return Optional.of(CLOUD_LITE);
            }
        }
        return Optional.empty();
    }

    private static boolean allowsClientAuth(X509Certificate certificate) {
        try {
            List<String> eku = certificate.getExtendedKeyUsage();
            return eku == null || eku.contains("1.3.6.1.5.5.7.3.2") || eku.contains("2.5.29.37.0");
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static List<String> sanUris(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            List<String> uris = new ArrayList<>();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() >= 2 && Integer.valueOf(6).equals(name.get(0)) && name.get(1) instanceof String s) {
                        uris.add(s);
                    }
                }
            }
            return uris;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static Optional<String> commonName(X509Certificate certificate) {
        try {
            List<String> cns = new ArrayList<>();
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cns.add(String.valueOf(rdn.getValue()));
                }
            }
            return cns.size() == 1 ? Optional.of(cns.get(0)) : Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
