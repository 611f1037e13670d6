package org.openintercom.simulator.meshlan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.simulator.InstallerClient;

/**
 * A site of three stations on one LAN with a running cloud-lite, as the installer leaves it: a door station (ID5)
 * whose {@code call} button rings the ring group {@code flat-12}, and two indoor stations (IM6) {@code hall} and
 * {@code kitchen} in that group, each agent in a network namespace of its own joined by a bridge, cloud-lite in
 * another. Every station is claimed with its code through the installer API, enrolled, configured (the door code
 * {@value #DOOR_CODE}), registered with the relay, and the door holds its fallback plan (hall, kitchen). The cloud can
 * be cut and restored. Closing stops every JVM and deletes every namespace.
 */
final class ThreeStationLan implements AutoCloseable {

    static final String DOOR_CODE = "4711";
    /**
     * The mesh settings of the test: short thresholds, so failover takes seconds, not the defaults' 15 s / 30 s
     * ({@code -Dmeshlan.fail-after=15s -Dmeshlan.recover-after=30s} for those).
     */
    static final String MESH = "interfaces: [lan0], probe-interval: 1s, probe-timeout: 1s, fail-after: "
            + System.getProperty("meshlan.fail-after", "2s") + ", recover-after: "
            + System.getProperty("meshlan.recover-after", "2s");
    /** {@code -Dmeshlan.silent-cut=true}: the cut only takes the cloud's link down (no resets; for the figures). */
    static final boolean SILENT_CUT = Boolean.getBoolean("meshlan.silent-cut");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY = Duration.ofSeconds(60);

    private final LanNetwork lan;
    private final String cloudNs;
    private final CloudLiteChild cloud;
    private final List<LanStation> stations = new ArrayList<>();
    private InstallerClient installer;
    private long siteId;
    LanStation door;
    LanStation hall;
    LanStation kitchen;

    private ThreeStationLan(LanNetwork lan, String cloudNs, CloudLiteChild cloud) {
        this.lan = lan;
        this.cloudNs = cloudNs;
        this.cloud = cloud;
    }

    /**
     * Builds the LAN and the site with its data in {@code dir} and the child JVMs' logs in {@code logs}; skips without
     * root or iproute2.
     */
    static ThreeStationLan start(Path dir, Path logs) {
        LanNetwork lan = LanNetwork.create();
        ThreeStationLan site = null;
        try {
            long t0 = System.nanoTime();
            LanFactory factory = new LanFactory(dir.resolve("factory"));
            String cloudNs = lan.attach("cloud", 1);
            CloudLiteChild cloud = new CloudLiteChild(lan.ip(), cloudNs, lan.address(1), dir.resolve("cloud"), logs,
                    factory.root());
            site = new ThreeStationLan(lan, cloudNs, cloud);
            cloud.start();
            long cloudUp = System.nanoTime();
            site.door = site.station(dir, logs, factory, "door", "ID5", 440, 11);
            site.hall = site.station(dir, logs, factory, "hall", "IM6", 1000, 12);
            site.kitchen = site.station(dir, logs, factory, "kitchen", "IM6", 700, 13);
            site.stations.forEach(LanStation::launch);
            site.stations.forEach(LanStation::awaitReady);
            long stationsUp = System.nanoTime();
            site.claimAll();
            System.out.printf("LAN: cloud-lite ready in %d ms, stations started in %d ms, claimed, configured,"
                    + " registered with the relay and the door's fallback plan in %d ms (logs in %s)%n",
                    (cloudUp - t0) / 1_000_000, (stationsUp - cloudUp) / 1_000_000,
                    (System.nanoTime() - stationsUp) / 1_000_000, logs);
            return site;
        } catch (RuntimeException | AssertionError e) {
            if (site != null) {
                e.addSuppressed(new AssertionError(site.diagnostics()));
                site.close();
            } else {
                lan.close();
            }
            throw e;
        }
    }

    private LanStation station(Path dir, Path logs, LanFactory factory, String name, String model, int toneHz,
            int host) {
        String ns = lan.attach(name, host);
        LanStation s = LanStation.configure(name, model, toneHz, lan.ip(), ns, lan.address(host),
                dir.resolve(name), logs, factory.make(name, model), cloud, cloud.root(), MESH);
        stations.add(s);
        return s;
    }

    /** The installer's part: a site, the three claims with their configurations, the ring group. */
    private void claimAll() {
        installer = InstallerClient.signIn(cloud.api(), "admin", CloudLiteChild.ADMIN_PASSWORD);
        siteId = installer.createSite("LAN test", "Mesh", "House A", "Europe/Zurich");
        claim(door, """
                {"name": "door", "buttons": {"call": {"ring": "flat-12"}},
                 "door": {"pulse": "1s", "dtmf-code": "%s"}}""".formatted(DOOR_CODE));
        for (LanStation indoor : List.of(hall, kitchen)) {
            claim(indoor, """
                    {"name": "%s", "buttons": {"answer": {"action": "answer"},
                     "door-key": {"send-dtmf": "%s"}}}""".formatted(indoor.name(), DOOR_CODE));
        }
        ObjectNode group = JSON.createObjectNode().put("id", "flat-12").put("name", "Flat 12")
                .put("strategy", "PARALLEL").put("noAnswerSeconds", 60).put("earlyMedia", true)
                .put("zone", "Europe/Zurich");
        group.putArray("members").add(member(hall, 1)).add(member(kitchen, 2));
        installer.call("POST", "/api/v1/sites/" + siteId + "/ring-groups", group);
        for (LanStation s : stations) {
            s.await("enrolled, configured and registered with the relay", READY, r -> r.number("applied") >= 1
                    && r.get("sipUser").equals(s.deviceId()) && r.get("registration").equals("REGISTERED")
                    && r.get("mode").equals("CLOUD"));
        }
        door.await("holding its fallback plan (hall, kitchen)", READY,
                r -> r.list("plan").equals(List.of(hall.deviceId(), kitchen.deviceId())));
        door.await("seeing hall and kitchen on the mesh (verified)", READY,
                r -> r.list("peers").containsAll(List.of(hall.deviceId(), kitchen.deviceId())));
    }

    private void claim(LanStation s, String configuration) {
        try {
            installer.claim(siteId, ClaimCode.parse(s.claimCode()).qrPayload(), s.name(),
                    JSON.readTree(configuration));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode member(LanStation s, int priority) {
        return JSON.createObjectNode().put("userId", s.deviceId()).put("priority", priority);
    }

    /**
     * Cuts the cloud off the LAN: resets the cloud's TCP connections with the stations (as a stopped cloud or a router
     * that answers with resets would; a silent cut is seen only at the MQTT keepalive, within about 2 keepalives: ~20 s with the 10 s default), then takes its
     * link down, so that nothing reaches it until {@link #restoreCloud}. Its connections inside (the device hub to
     * its broker) stay.
     */
    void cutCloud() {
        String self = cloud.api().getHost();
        if (!SILENT_CUT) {
            lan.ip().inside(cloudNs, "ss", "-K", "state", "established", "(", "src", self, "and", "not", "dst", self,
                    ")");
        }
        lan.ip().run("-n", cloudNs, "link", "set", "lan0", "down");
    }

    /** Brings the cloud's link back. */
    void restoreCloud() {
        lan.ip().run("-n", cloudNs, "link", "set", "lan0", "up");
    }

    /** The cloud's call history of a station (newest first). */
    List<JsonNode> callHistory(LanStation s) {
        List<JsonNode> calls = new ArrayList<>();
        installer.call("GET", "/api/v1/calls?device=" + s.deviceId() + "&limit=100", null).path("items")
                .forEach(calls::add);
        return calls;
    }

    List<LanStation> stations() {
        return stations;
    }

    /** Every child JVM's last lines. */
    String diagnostics() {
        StringBuilder b = new StringBuilder(cloud.tail());
        stations.forEach(s -> b.append('\n').append(s.tail()));
        return b.toString();
    }

    @Override
    public void close() {
        try (lan) {
            if (installer != null) {
                installer.close();
            }
            // in parallel: each agent takes seconds to say goodbye on the mesh
            try (var closing = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                stations.forEach(s -> closing.submit(s::close));
                closing.submit(cloud::close);
            }
        }
    }
}
