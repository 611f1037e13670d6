package org.openintercom.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * Real discoveries over IPv4 mDNS on the loopback interface (IPv6 multicast does not work on {@code lo}), on port
 * {@value #MDNS_PORT} instead of 5353; certificates from a CA made for the test.
 */
class MeshDiscoveryTest extends TwoCas {

    /**
     * JmDNS reads {@code net.mdns.port} once per JVM, when its constants class loads. {@link MeshDiscovery} sets it
     * from the settings when nobody has, so the settings below are enough; the other mesh test classes use this port
     * too, since they share the JVM.
     */
    static final int MDNS_PORT = 15353;
    static {
        // this class also starts a bare JmDNS (the vandal), which would load JmDNS's constants on port 5353 first
        System.setProperty("net.mdns.port", Integer.toString(MDNS_PORT));
    }

    static final MeshSettings SETTINGS = MeshSettings.builder().interfaces(List.of("lo")).mdnsPort(MDNS_PORT)
            .probeInterval(Duration.ofMillis(300)).misses(3).probeTimeout(Duration.ofSeconds(1)).build();
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final Duration DISCOVERY = Duration.ofSeconds(20);


    private CapturedLog log;

    @BeforeEach
    void captureLog() {
        log = CapturedLog.of(PeerTracker.class);
    }

    @AfterEach
    void releaseLog() {
        log.close();
    }

    @Test
    void two_stations_find_each_other_by_device_id_and_verify_each_others_certificate() throws Exception {
        try (MeshStations stations = new MeshStations()) {
            MeshStation hall = stations.add(MeshStation.start(ours, LOOPBACK, SETTINGS));
            MeshStation kitchen = stations.add(MeshStation.start(ours, LOOPBACK, SETTINGS));
            await().atMost(DISCOVERY).until(() -> hall.discovery.peers().usable().containsKey(kitchen.id())
                    && kitchen.discovery.peers().usable().containsKey(hall.id()));
            MeshPeer seenByHall = hall.discovery.peers().get(kitchen.id()).orElseThrow();
            assertThat(seenByHall.announcement()).isEqualTo(kitchen.announcement);
            assertThat(seenByHall.address().getAddress()).isEqualTo(LOOPBACK);
            assertThat(seenByHall.address().getPort()).isEqualTo(kitchen.listener.port());
            assertThat(seenByHall.verified()).isTrue();
            assertThat(hall.discovery.peers().byDeviceId()).doesNotContainKey(hall.id());
            assertThat(hall.events.events()).contains("up " + kitchen.id() + " 127.0.0.1");
            assertThat(kitchen.events.events()).contains("up " + hall.id() + " 127.0.0.1");
        }
    }

    @Test
    void ignores_and_logs_a_station_whose_certificate_is_from_another_ca() throws Exception {
        try (MeshStations stations = new MeshStations()) {
            MeshStation hall = stations.add(MeshStation.start(ours, LOOPBACK, SETTINGS));
            MeshStation stranger = stations.add(MeshStation.start(theirs, LOOPBACK, SETTINGS));
            await().atMost(DISCOVERY).until(() -> !warningsAbout(stranger.id()).isEmpty());
            Thread.sleep(6 * SETTINGS.probeInterval().toMillis()); // time for re-announcements and probes
            assertThat(hall.discovery.peers().byDeviceId()).doesNotContainKey(stranger.id());
            assertThat(warningsAbout(stranger.id())).singleElement().asString()
                    .contains("the certificate chain is not valid under our CA");
            assertThat(hall.events.events()).anySatisfy(e -> assertThat(e)
                    .startsWith("rejected peer " + stranger.id()));
        }
    }

    @Test
    void ignores_a_station_whose_announced_device_id_is_not_the_one_in_its_certificate() throws Exception {
        String someoneElse = DeviceId.random().value();
        try (MeshStations stations = new MeshStations()) {
            MeshStation hall = stations.add(MeshStation.start(ours, LOOPBACK, SETTINGS));
            MeshStation liar = stations.add(MeshStation.claiming(someoneElse, ours, LOOPBACK, SETTINGS));
            await().atMost(DISCOVERY).until(() -> hall.events.events().stream().anyMatch(e -> e.startsWith(
                    "rejected peer " + someoneElse)));
            assertThat(hall.discovery.peers().byDeviceId()).doesNotContainKey(someoneElse);
            assertThat(hall.events.events()).anySatisfy(e -> assertThat(e).endsWith(
                    "the certificate names device " + liar.identity.deviceId() + ", the announcement "
                            + someoneElse));
        }
    }

    @Test
    void survives_garbage_txt_records_and_still_finds_stations() throws Exception {
        try (MeshStations stations = new MeshStations()) {
            JmDNS vandal = stations.add(JmDNS.create(InetAddress.getByAddress("vandal", LOOPBACK.getAddress()),
                    "vandal"));
            MeshStation hall = stations.add(MeshStation.start(ours, LOOPBACK, SETTINGS));
            // an entry claiming 200 bytes with 3 behind it; then a valid-looking record with a name that is not UTF-8
            vandal.registerService(ServiceInfo.create(MeshDiscovery.SERVICE_TYPE, "garbage", 9, 0, 0,
                    new byte[] {(byte) 200, 'v', '=', '1'}));
            Map<String, String> noName = new LinkedHashMap<>(MeshAnnouncement.of(DeviceId.random().value(), "x",
                    "IM6", "ab".repeat(32), 9).toTxt());
            noName.remove(MeshAnnouncement.KEY_NAME);
            vandal.registerService(ServiceInfo.create(MeshDiscovery.SERVICE_TYPE, "bad-utf8", 9, 0, 0,
                    concat(AnnouncementCodec.encode(noName),
                            new byte[] {8, 'n', 'a', 'm', 'e', '=', 'H', (byte) 0xC3, (byte) 0x28})));
            await().atMost(DISCOVERY).until(() -> hall.events.events().containsAll(List.of(
                    "rejected service 'garbage' on lo: TXT entry at byte 0 runs past the end of the record",
                    "rejected service 'bad-utf8' on lo: value of 'name' is not valid UTF-8")));
            MeshStation kitchen = stations.add(MeshStation.start(ours, LOOPBACK, SETTINGS));
            await().atMost(DISCOVERY).until(() -> hall.discovery.peers().usable().containsKey(kitchen.id()));
        }
    }

    @Test
    void marks_a_station_that_stops_answering_gone_after_the_misses_and_back_when_it_answers() throws Exception {
        try (MeshStations stations = new MeshStations()) {
            MeshStation hall = stations.add(MeshStation.start(ours, LOOPBACK, SETTINGS));
            MeshStation kitchen = stations.add(MeshStation.start(ours, LOOPBACK, SETTINGS));
            await().atMost(DISCOVERY).until(() -> hall.discovery.peers().usable().containsKey(kitchen.id()));
            int port = kitchen.listener.port();
            kitchen.listener.close(); // its mDNS stays, as after a hang: only our own probes can tell
            long stopped = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> !hall.discovery.peers().usable()
                    .containsKey(kitchen.id()));
            long goneAfterMs = (System.nanoTime() - stopped) / 1_000_000;
            assertThat(hall.discovery.peers().get(kitchen.id())).hasValueSatisfying(p -> {
                assertThat(p.verified()).isTrue();
                assertThat(p.reachable()).isFalse();
            });
            assertThat(hall.events.events()).anySatisfy(e -> assertThat(e).startsWith("down " + kitchen.id()
                    + ": 3 probes unanswered"));
            assertThat(goneAfterMs).isGreaterThanOrEqualTo(2 * SETTINGS.probeInterval().toMillis());
            stations.add(TlsStationListener.start(kitchen.identity, List.of(ours.root()), LOOPBACK, port));
            await().atMost(Duration.ofSeconds(10)).until(() -> hall.discovery.peers().usable()
                    .containsKey(kitchen.id()));
            assertThat(hall.events.events()).filteredOn(e -> e.startsWith("up " + kitchen.id())).hasSize(2);
        }
    }

    private List<String> warningsAbout(String deviceId) {
        return log.warnings().stream().filter(m -> m.contains("peer " + deviceId + " ")).toList();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
