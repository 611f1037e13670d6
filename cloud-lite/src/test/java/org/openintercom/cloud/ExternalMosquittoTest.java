package org.openintercom.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.device.Pki;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.DesiredConfiguration;
import org.openintercom.provisioning.channel.DeviceConfiguration;
import org.openintercom.provisioning.channel.ReportedConfiguration;
import org.openintercom.provisioning.channel.Topics;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;

/** cloud-lite with a real Mosquitto set up by {@code cloud-lite mosquitto-config} instead of its embedded broker. */
@Tag("interop")
class ExternalMosquittoTest {

    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    @TempDir
    static Path dir;

    private static Process mosquitto;
    private static int port;
    private static CloudLite cloud;
    private static DeviceFlow flow;

    @BeforeAll
    static void startMosquittoAndCloud() throws Exception {
        boolean installed = Files.isExecutable(MOSQUITTO);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(installed).as("mosquitto must be installed in CI (.ci/run installs it)").isTrue();
        }
        assumeTrue(installed, "mosquitto is not installed");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("cloud");
        Path conf = MosquittoSetup.write(data, Files.createDirectories(dir.resolve("mosquitto")), "127.0.0.1", port,
                List.of("127.0.0.1", "localhost"), Optional.of(System.getProperty("user.name")), Clock.systemUTC());
        mosquitto = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening(port)) {
            assertThat(mosquitto.isAlive()).as("mosquitto: " + Files.readString(dir.resolve("mosquitto.log"))).isTrue();
            assertThat(System.nanoTime()).as("mosquitto listening").isLessThan(deadline);
            Thread.sleep(50);
        }
        ManufacturerCa factory = ManufacturerCa.createOrLoad(dir.resolve("factory"), Pki.PASSWORD, Clock.systemUTC());
        Path root = dir.resolve("manufacturer.crt");
        Pem.writeCertificates(root, List.of(factory.rootCertificate()));
        cloud = CloudLite.start(CloudLiteConfig.builder().dataDir(data).ports(0, 0, 0).relay(CallRelaySettings.builder().freePorts().build()).manufacturerRoot(root)
                .externalMqtt("ssl://127.0.0.1:" + port).initialAdminPassword("external").build());
        flow = new DeviceFlow(cloud, factory, "external");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
        if (mosquitto != null) {
            mosquitto.destroy();
        }
    }

    @Test
    void stations_enroll_connect_to_mosquitto_and_receive_their_configuration() throws Exception {
        DeviceFlow.Station s = flow.givenEnrolledStation("{\"buttons\":{\"call\":{\"call\":\"sip:flat7@127.0.0.1\"}}}");
        assertThat(s.mqtt().getCurrentServerURI()).isEqualTo(cloud.mqttUri()).isEqualTo("ssl://127.0.0.1:" + port);

        s.mqtt().publish(Topics.of(s.born().id(), Topics.Leaf.REPORTED), new MqttMessage(ChannelJson.encode(
                new ReportedConfiguration(0, 0, DeviceConfiguration.empty(), ReportedConfiguration.Outcome.UNCHANGED,
                        Optional.empty(), Optional.empty(), java.time.Instant.now())), 1, true, null));

        MqttMessage desired = s.desired().poll(10, TimeUnit.SECONDS);
        assertThat(desired).as("desired configuration through Mosquitto").isNotNull();
        assertThat(ChannelJson.decode(desired.getPayload(), DesiredConfiguration.class).configuration().buttons())
                .containsKey("call");
        s.mqtt().disconnect();
        s.mqtt().close();
    }
}
