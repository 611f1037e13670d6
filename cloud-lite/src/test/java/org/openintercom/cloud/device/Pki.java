package org.openintercom.cloud.device;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.CertificateAuthority;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.KeyStores;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.SslContexts;

/** A cloud CA and a manufacturer CA in a temporary folder, with helpers for devices and services. */
public final class Pki {

    public static final char[] PASSWORD = "test-only".toCharArray();

    /** A device as it leaves the factory. */
    public record BornDevice(DeviceId id, KeyPair birthKeys, List<X509Certificate> birthChain, ClaimCode code) {
    }

    public final CertificateAuthority ca;
    public final ManufacturerCa manufacturer;

    public Pki(Path dir, Clock clock) {
        ca = CertificateAuthority.createOrLoad(dir.resolve("cloud-ca"), PASSWORD, clock);
        manufacturer = ManufacturerCa.createOrLoad(dir.resolve("manufacturer-ca"), PASSWORD, clock);
    }

    public BornDevice bornDevice() {
        DeviceId id = DeviceId.random();
        KeyPair keys = KeyPairs.ecP256();
        X509Certificate birth = manufacturer.issueBirth(id, keys.getPublic(), "ID5");
        return new BornDevice(id, keys, List.of(birth, manufacturer.rootCertificate()),
                ClaimCode.newFor(id, keys.getPublic()));
    }

    /** A TLS context presenting {@code key}/{@code chain} and trusting {@code trust}. */
    public static SSLContext tls(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trust) {
        return SslContexts.mutual(key, chain, trust);
    }

    /** The TLS context of a cloud service {@code name} on loopback, trusting {@code trust}. */
    public SSLContext service(String name, List<X509Certificate> trust) {
        KeyPair keys = KeyPairs.ecP256();
        List<X509Certificate> chain = ca.issueService(name, keys.getPublic(), List.of("localhost"),
                List.of("127.0.0.1"), Duration.ofDays(30));
        return tls(keys.getPrivate(), chain, trust);
    }
}
