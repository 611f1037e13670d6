package org.openintercom.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.device.Pki;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.DesiredConfiguration;
import org.openintercom.provisioning.channel.FallbackPlan;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;

/**
 * The mesh fallback plan through a running cloud-lite: computed from the ring groups and stations of the site when
 * the configuration is published, and sent again (same configuration version, next generation) to the stations
 * whose plan a change of the directory or of the site's stations alters.
 */
class CloudLiteFallbackPlanTest {

    private static final String ADMIN_PASSWORD = "correct horse battery";
    @TempDir
    static Path dir;
    private static CloudLite cloud;
    private static DeviceFlow flow;

    @BeforeAll
    static void startCloud() throws Exception {
        ManufacturerCa factory = ManufacturerCa.createOrLoad(dir.resolve("factory"), Pki.PASSWORD, Clock.systemUTC());
        Path root = dir.resolve("manufacturer.crt");
        Pem.writeCertificates(root, List.of(factory.rootCertificate()));
        cloud = CloudLite.start(CloudLiteConfig.builder().dataDir(dir.resolve("cloud")).ports(0, 0, 0)
                .manufacturerRoot(root).initialAdminPassword(ADMIN_PASSWORD).build());
        flow = new DeviceFlow(cloud, factory, ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopCloud() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static String group(String id, String... members) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < members.length; i++) {
            list.append(i == 0 ? "" : ",").append("{\"userId\":\"").append(members[i]).append("\",\"priority\":")
                    .append(members.length - i).append("}");
        }
        return "{\"id\":\"" + id + "\",\"strategy\":\"PARALLEL\",\"zone\":\"Europe/Zurich\",\"noAnswerSeconds\":30,"
                + "\"members\":[" + list + "]}";
    }

    /** The next desired configuration the station receives that {@code wanted} accepts. */
    private static DesiredConfiguration next(DeviceFlow.Station station, Predicate<DesiredConfiguration> wanted)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            MqttMessage m = station.desired().poll(200, TimeUnit.MILLISECONDS);
            if (m != null && m.getPayload().length > 0) {
                DesiredConfiguration d = ChannelJson.decode(m.getPayload(), DesiredConfiguration.class);
                if (wanted.test(d)) {
                    return d;
                }
            }
        }
        throw new AssertionError("station " + station.born().id() + " received no such desired configuration");
    }

    private static List<String> targets(DesiredConfiguration d, String button) {
        return d.fallback().orElseThrow().targetsFor(button).stream().map(FallbackPlan.Target::deviceId).toList();
    }

    @Test
    void a_ring_button_falls_back_to_the_stations_of_its_group_and_follows_the_group_as_it_changes()
            throws Exception {
        DeviceFlow.Station hall = flow.givenEnrolledStation("{}");
        DeviceFlow.Station kitchen = flow.givenEnrolledStation("{}");
        String hallId = hall.born().id().value();
        String kitchenId = kitchen.born().id().value();
        long site = flow.siteId();
        flow.api("POST", "/api/v1/sites/" + site + "/sip-users",
                "{\"username\":\"alice\",\"password\":\"pw-of-alice\"}");
        // members by priority: alice (a phone on the relay: no fallback), hall, then kitchen
        flow.api("POST", "/api/v1/sites/" + site + "/ring-groups", group("flat-12", kitchenId, hallId, "alice"));

        DeviceFlow.Station door = flow.givenEnrolledStation("{\"buttons\":{\"call\":{\"ring\":\"flat-12\"},"
                + "\"concierge\":{\"ring\":\"alice\"},\"hall\":{\"call\":\"sips:" + hallId + "@relay\"},"
                + "\"open\":{\"action\":\"open-door\"}}}");
        DeviceFlow.report(door, 1); // it runs version 1, from its enrollment answer, which carries no plan
        try {
            DesiredConfiguration first = next(door, d -> d.fallback().isPresent());
            assertThat(targets(first, "call")).containsExactly(hallId, kitchenId);
            assertThat(first.fallback().get().callers()).as("no station's plan rings the door: nobody may call it")
                    .contains(List.of());
            String doorId = door.born().id().value();
            DesiredConfiguration hallPlan = next(hall, d -> d.fallback().flatMap(p -> p.callers())
                    .filter(c -> c.contains(doorId)).isPresent());
            assertThat(hallPlan.fallback().get().callers()).as("the door's plan rings the hall: it may call it")
                    .contains(List.of(doorId));
            assertThat(first.fallback().get().targetsFor("call").get(0).name()).contains("Front door");
            assertThat(targets(first, "hall")).containsExactly(hallId);
            assertThat(first.fallback().get().buttons()).containsOnlyKeys("call", "hall");

            flow.api("PUT", "/api/v1/sites/" + site + "/ring-groups/flat-12", group("flat-12", kitchenId, "alice"));

            DesiredConfiguration second = next(door, d -> d.fallback().isPresent()
                    && d.fallback().get().generation() > first.fallback().get().generation());
            assertThat(second.version()).isEqualTo(first.version());
            assertThat(targets(second, "call")).containsExactly(kitchenId);

            flow.api("DELETE", "/api/v1/devices/" + kitchenId + "/claim", null);

            DesiredConfiguration third = next(door, d -> d.fallback().isPresent()
                    && d.fallback().get().generation() > second.fallback().get().generation());
            assertThat(targets(third, "call")).isEmpty();
            assertThat(targets(third, "hall")).containsExactly(hallId);
        } finally {
            door.mqtt().disconnect();
            hall.mqtt().disconnect();
            if (kitchen.mqtt().isConnected()) { // the broker closed it when it was unclaimed
                kitchen.mqtt().disconnect();
            }
        }
    }
}
