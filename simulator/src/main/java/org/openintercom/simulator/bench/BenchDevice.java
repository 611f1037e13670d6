package org.openintercom.simulator.bench;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.ManufacturerCa;

/** One emulated device: its factory identity (birth certificate, claim code), its operational key and, once enrolled, its issued chain. */
final class BenchDevice {

    final DeviceId id;
    final KeyPair birthKeys;
    final List<X509Certificate> birthChain;
    final ClaimCode code;
    /** The operational key, made before timing starts: key generation is not what the benchmark measures. */
    final KeyPair keys;
    private volatile List<X509Certificate> issuedChain;

    private BenchDevice(DeviceId id, KeyPair birthKeys, List<X509Certificate> birthChain, ClaimCode code,
            KeyPair keys) {
        this.id = id;
        this.birthKeys = birthKeys;
        this.birthChain = birthChain;
        this.code = code;
        this.keys = keys;
    }

    /** A device as it leaves the factory of {@code manufacturer} (model ID5), with its operational key ready. */
    static BenchDevice born(ManufacturerCa manufacturer) {
        DeviceId id = DeviceId.random();
        KeyPair birth = KeyPairs.ecP256();
        X509Certificate cert = manufacturer.issueBirth(id, birth.getPublic(), "ID5");
        return new BenchDevice(id, birth, List.of(cert, manufacturer.rootCertificate()),
                ClaimCode.newFor(id, birth.getPublic()), KeyPairs.ecP256());
    }

    /** A TLS context presenting the birth certificate and trusting {@code trust}. */
    SSLContext birthTls(List<X509Certificate> trust) {
        return tls(birthKeys, birthChain, trust);
    }

    /** A new TLS context (empty session cache) presenting the issued certificate and trusting {@code trust}. */
    SSLContext operationalTls(List<X509Certificate> trust) {
        return tls(keys, Objects.requireNonNull(issuedChain, () -> "device " + id + " is not enrolled"), trust);
    }

    void enrolled(List<X509Certificate> chain) {
        this.issuedChain = List.copyOf(chain);
    }

    boolean isEnrolled() {
        return issuedChain != null;
    }

    X509Certificate certificate() {
        return issuedChain.get(0);
    }

    private static SSLContext tls(KeyPair key, List<X509Certificate> chain, List<X509Certificate> trust) {
        return DeviceKeyManager.context(key, chain, trust);
    }
}
