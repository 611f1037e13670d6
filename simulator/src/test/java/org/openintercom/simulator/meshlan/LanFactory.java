package org.openintercom.simulator.meshlan;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.factory.DeviceFactoryData;
import org.openintercom.provisioning.factory.DeviceInfo;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;

/**
 * The factory of the LAN test: a manufacturer CA (whose root cloud-lite is told to trust) and each station's factory
 * data (birth key and certificate, claim code), as {@code oi-provisioning factory} makes them.
 */
final class LanFactory {

    private final Path dir;
    private final ManufacturerCa ca;

    LanFactory(Path dir) {
        this.dir = dir;
        this.ca = ManufacturerCa.createOrLoad(dir.resolve("manufacturer-ca"), "lan-factory".toCharArray(),
                Clock.systemUTC());
    }

    /** The manufacturer root as PEM, for {@code cloud-lite --manufacturer-root}. */
    Path root() {
        Path root = dir.resolve("manufacturer.crt");
        Pem.writeCertificates(root, List.of(ca.rootCertificate()));
        return root;
    }

    /** A new device of {@code model}: its factory folder. */
    DeviceFactoryData make(String name, String model) {
        KeyPair keys = KeyPairs.ecP256();
        DeviceId id = DeviceId.random();
        return DeviceFactoryData.create(dir.resolve("devices").resolve(name), new DeviceInfo(id, model, "A"), keys,
                List.of(ca.issueBirth(id, keys.getPublic(), model), ca.rootCertificate()));
    }
}
