package org.openintercom.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.cloud.CallRelaySettings;
import org.openintercom.cloud.CloudLite;
import org.openintercom.cloud.CloudLiteConfig;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.factory.DeviceFactoryData;
import org.openintercom.provisioning.factory.DeviceInfo;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.simulator.firmware.EmulatedImages;
import org.openintercom.simulator.scenario.CloudPlan;

/**
 * The factory and the cloud of a simulation: makes each claimed station's factory data (birth certificate,
 * claim code) and runs cloud-lite embedded, with the simulator's manufacturer CA as its trusted manufacturer.
 */
final class SimCloud implements AutoCloseable {

    /** The administrator's password in simulations (the cloud's data lives only in the run folder). */
    static final String ADMIN_PASSWORD = "simulator-admin";
    private static final char[] FACTORY_PASSPHRASE = "simulator-factory".toCharArray();

    private final CloudPlan plan;
    private final ManufacturerCa factory;
    private volatile CloudLite cloud;
    /** The relay's SIP ports of the first start (UDP, TCP, TLS): a restart keeps them, the stations were told them. */
    private Integer[] relayPorts;

    SimCloud(CloudPlan plan) {
        this.plan = plan;
        this.factory = ManufacturerCa.createOrLoad(plan.factoryDir().resolve("manufacturer-ca"), FACTORY_PASSPHRASE,
                Clock.systemUTC());
    }

    /**
     * Gives the station its factory data unless it has it already (a station is made once), and its A/B slots
     * their factory firmware image when it updates its firmware.
     */
    DeviceFactoryData manufacture(StationConfig station) {
        station.cloud().flatMap(c -> c.update()).ifPresent(u ->
                EmulatedImages.seedFactoryImage(u.slotsDir(), station.model().id()));
        Path dir = plan.factoryOf(station.id());
        if (Files.exists(dir.resolve(DeviceFactoryData.DEVICE_JSON))) {
            return DeviceFactoryData.load(dir);
        }
        return make(factory, dir, DeviceId.random(), station.model().id(),
                plan.claims().containsKey(station.id()) ? plan.claims().get(station.id()).hardwareRevision() : "A");
    }

    /** The simulation's manufacturer CA in {@code factoryDir}, made on first use (loading it takes ~0.1 s). */
    static ManufacturerCa factory(Path factoryDir) {
        return ManufacturerCa.createOrLoad(factoryDir.resolve("manufacturer-ca"), FACTORY_PASSPHRASE,
                Clock.systemUTC());
    }

    /**
     * Makes one device's factory data in {@code dir} with the simulation's manufacturer CA (what {@code provisioning
     * factory} does for a batch: load the CA once with {@link #factory(Path)}); tests use it to choose device ids.
     */
    static DeviceFactoryData manufacture(ManufacturerCa factory, Path dir, DeviceId id, String model,
            String revision) {
        return make(factory, dir, id, model, revision);
    }

    private static DeviceFactoryData make(ManufacturerCa factory, Path dir, DeviceId id, String model,
            String revision) {
        KeyPair keys = KeyPairs.ecP256();
        var birth = factory.issueBirth(id, keys.getPublic(), model);
        return DeviceFactoryData.create(dir, new DeviceInfo(id, model, revision), keys,
                List.of(birth, factory.rootCertificate()));
    }

    /**
     * Starts cloud-lite on the plan's ports and writes the root stations trust. Started again after {@link #stop()},
     * it opens the same data folder (H2 on disk, its CA, its firmware) on the same ports, the call relay's included.
     */
    synchronized CloudLite start() {
        if (cloud != null) {
            throw new IllegalStateException("the cloud is running already");
        }
        Path root = plan.factoryDir().resolve("manufacturer.crt");
        Pem.writeCertificates(root, List.of(factory.rootCertificate()));
        CallRelaySettings relay = relayPorts == null ? CallRelaySettings.builder().freePorts().build()
                : CallRelaySettings.builder().ports(relayPorts[0], relayPorts[1], relayPorts[2]).build();
        CloudLite started = CloudLite.start(CloudLiteConfig.builder().dataDir(plan.dataDir())
                .ports(plan.apiPort(), plan.deviceApiPort(), plan.mqttPort()).manufacturerRoot(root)
                .relay(relay)
                .initialAdminPassword(ADMIN_PASSWORD).deviceCertificateValidity(plan.certificateValidity()).build());
        started.relay().ifPresent(r -> relayPorts = new Integer[] {r.port("udp").orElse(null),
            r.port("tcp").orElse(null), r.port("tls").orElse(null)});
        Pem.writeCertificates(plan.trust(), List.of(started.rootCertificate()));
        cloud = started;
        return started;
    }

    /**
     * Stops cloud-lite as a whole (installer API, device endpoint, MQTT broker, call relay): for the stations the
     * cloud is gone. {@link #start()} brings it back from the same folder.
     */
    synchronized void stop() {
        CloudLite running = cloud;
        if (running == null) {
            throw new IllegalStateException("the cloud is stopped already");
        }
        cloud = null;
        running.close();
    }

    /** Whether cloud-lite runs now. */
    boolean running() {
        return cloud != null;
    }

    /** The running cloud-lite; fails while it is stopped. */
    CloudLite cloud() {
        CloudLite c = cloud;
        if (c == null) {
            throw new IllegalStateException("the cloud is stopped (a 'stop-cloud' step); start it again with"
                    + " 'start-cloud'");
        }
        return c;
    }

    /** Where the cloud keeps its data (and its development release CA). */
    java.nio.file.Path dataDir() {
        return plan.dataDir();
    }

    Map<String, CloudPlan.Claim> claims() {
        return plan.claims();
    }

    @Override
    public synchronized void close() {
        if (cloud != null) {
            cloud.close();
            cloud = null;
        }
    }
}
