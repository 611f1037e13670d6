package org.openintercom.cloud;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openintercom.cloud.internal.ServiceIdentity;
import org.openintercom.cloud.mqtt.MosquittoConfig;
import org.openintercom.provisioning.pki.CertificateAuthority;
import org.openintercom.provisioning.pki.Pem;

/**
 * Prepares an external Mosquitto for cloud-lite: a server certificate from the cloud CA, the CA chain devices'
 * certificates are checked against, the CRL, the pattern ACL and a mosquitto.conf that uses them.
 */
public final class MosquittoSetup {

    /** How long the external broker's certificate is valid (run the command again before it ends). */
    public static final Duration SERVER_VALIDITY = Duration.ofDays(365);

    private MosquittoSetup() {
    }

    /**
     * Writes {@code mosquitto.conf}, {@code acl}, {@code ca.pem}, {@code crl.pem}, {@code mqtt.crt} and
     * {@code mqtt.key} (owner-only) into {@code out}; returns the conf file.
     *
     * @param hosts the names and addresses devices use to reach the broker (go into the certificate)
     * @param runAsUser the user Mosquitto switches to when started as root, if any
     */
    public static Path write(Path data, Path out, String bindAddress, int port, List<String> hosts,
            Optional<String> runAsUser, Clock clock) {
        CertificateAuthority ca = CloudLite.openCa(data.toAbsolutePath(), clock);
        Path dir = out.toAbsolutePath();
        ServiceIdentity.issue(ca, "mqtt", hosts, SERVER_VALIDITY)
                .writePem(dir.resolve("mqtt.crt"), dir.resolve("mqtt.key"));
        Pem.writeCertificates(dir.resolve("ca.pem"), List.of(ca.rootCertificate(), ca.issuingCertificate()));
        Pem.writeCrl(dir.resolve("crl.pem"), ca.crl());
        MosquittoConfig.Builder b = MosquittoConfig.builder().listener(bindAddress, port).caFile(dir.resolve("ca.pem"))
                .serverCertificate(dir.resolve("mqtt.crt"), dir.resolve("mqtt.key")).aclFile(dir.resolve("acl"))
                .crlFile(dir.resolve("crl.pem"));
        runAsUser.ifPresent(b::runAsUser);
        Path conf = dir.resolve("mosquitto.conf");
        b.build().writeTo(conf);
        return conf;
    }
}
