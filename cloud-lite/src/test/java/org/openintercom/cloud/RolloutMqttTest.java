package org.openintercom.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.device.Pki;
import org.openintercom.cloud.firmware.FirmwareRelease;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.channel.Topics;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;

/** Firmware assignments and update progress through the embedded broker, between a station and the engine. */
class RolloutMqttTest {

    private static final String MODEL = "ID5"; // what DeviceFlow's stations report

    @TempDir
    static Path dir;

    private static CloudLite cloud;
    private static DeviceFlow flow;
    private static DevelopmentReleases releases;

    @BeforeAll
    static void startCloud() throws Exception {
        ManufacturerCa factory = ManufacturerCa.createOrLoad(dir.resolve("factory"), Pki.PASSWORD,
                java.time.Clock.systemUTC());
        Path root = dir.resolve("manufacturer.crt");
        Pem.writeCertificates(root, List.of(factory.rootCertificate()));
        cloud = CloudLite.start(CloudLiteConfig.builder().dataDir(dir.resolve("cloud")).ports(0, 0, 0).relay(CallRelaySettings.builder().freePorts().build())
                .manufacturerRoot(root).initialAdminPassword("correct horse battery").build());
        releases = new DevelopmentReleases(cloud, dir.resolve("cloud"), dir.resolve("releases"));
        flow = new DeviceFlow(cloud, factory, "correct horse battery");
    }

    @AfterAll
    static void stopCloud() {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** The station's firmware leaf, as it would watch it. */
    private static BlockingQueue<FirmwareAssignment> firmwareOf(DeviceFlow.Station s) throws Exception {
        BlockingQueue<FirmwareAssignment> q = new LinkedBlockingQueue<>();
        s.mqtt().subscribe(new MqttSubscription[] {new MqttSubscription(Topics.of(s.born().id(), Topics.Leaf.FIRMWARE),
                1)}, new IMqttMessageListener[] {(t, m) -> {
                    if (m.getPayload().length > 0) {
                        q.add(ChannelJson.decode(m.getPayload(), FirmwareAssignment.class));
                    }
                }});
        return q;
    }

    private static FirmwareAssignment next(BlockingQueue<FirmwareAssignment> q, String idPrefix) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            FirmwareAssignment a = q.poll(1, TimeUnit.SECONDS);
            if (a != null && a.id().startsWith(idPrefix)) {
                return a;
            }
        }
        throw new AssertionError("no assignment " + idPrefix + "… arrived");
    }

    private static void progress(DeviceFlow.Station s, UpdateProgress p) throws Exception {
        s.mqtt().publish(Topics.of(s.born().id(), Topics.Leaf.UPDATE), new MqttMessage(ChannelJson.encode(p), 1, true,
                null));
    }

    @Test
    void a_rollout_assignment_reaches_the_station_and_its_progress_reaches_the_dashboard() throws Exception {
        FirmwareRelease release = releases.upload("1.0.0", MODEL, false, 1);
        DeviceFlow.Station s = flow.givenEnrolledStation("{}");
        BlockingQueue<FirmwareAssignment> firmware = firmwareOf(s);
        await().atMost(Duration.ofSeconds(10)).until(() -> flow.api("GET", "/api/v1/devices/" + s.born().id(), null)
                .path("online").asBoolean());

        long id = flow.api("POST", "/api/v1/rollouts", "{\"bundleId\":\"" + release.bundleId()
                + "\",\"waves\":[100],\"abortRule\":{\"maxFailures\":5}}").get("rollout").get("id").asLong();
        FirmwareAssignment a = next(firmware, "r" + id + "-w1");
        assertThat(a.bundlePath()).isEqualTo(release.bundlePath());

        progress(s, UpdateProgress.of(a.id(), a.version(), UpdateProgress.State.DOWNLOADING, 30, "0.1.0",
                Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> state(id, s).equals("DOWNLOADING"));
        progress(s, UpdateProgress.ended(a.id(), a.version(), UpdateProgress.State.ROLLED_BACK, "HEALTH_CHECK_FAILED",
                "self-test failed", "0.1.0", Instant.now()));

        await().atMost(Duration.ofSeconds(10)).until(() -> state(id, s).equals("ROLLED_BACK"));
        JsonNode dashboard = flow.api("GET", "/api/v1/rollouts/" + id, null);
        assertThat(dashboard.get("failed").asInt()).isEqualTo(1);
        s.mqtt().disconnect();
        s.mqtt().close();
    }

    @Test
    void a_claimed_station_that_comes_online_gets_the_current_release() throws Exception {
        FirmwareRelease current = releases.upload("1.1.0", MODEL, true, 2);
        flow.api("PUT", "/api/v1/current-firmware", "{\"model\":\"" + MODEL + "\",\"bundleId\":\"" + current.bundleId()
                + "\"}");

        DeviceFlow.Station s = flow.givenEnrolledStation("{}");
        BlockingQueue<FirmwareAssignment> firmware = firmwareOf(s);

        FirmwareAssignment a = next(firmware, "current-");
        assertThat(a.version()).isEqualTo("1.1.0");
        assertThat(a.securityCritical()).isTrue();
        s.mqtt().disconnect();
        s.mqtt().close();
    }

    private static String state(long rolloutId, DeviceFlow.Station s) throws Exception {
        for (JsonNode d : flow.api("GET", "/api/v1/rollouts/" + rolloutId, null).get("devices")) {
            if (d.get("deviceId").asText().equals(s.born().id().value())) {
                return d.get("state").asText();
            }
        }
        return "NOT_A_TARGET";
    }
}
