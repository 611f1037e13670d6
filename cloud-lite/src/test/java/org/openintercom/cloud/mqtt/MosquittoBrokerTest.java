package org.openintercom.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.mqtt.MosquittoTools.Background;
import org.openintercom.cloud.mqtt.MosquittoTools.Run;
import org.openintercom.provisioning.channel.Topics;
import org.openintercom.provisioning.channel.Topics.Leaf;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The device access contract against a real Mosquitto 2.0 started with the generated {@link MosquittoConfig}. */
@Tag("interop")
class MosquittoBrokerTest extends DeviceAccessContract {

    private static final Logger LOG = LoggerFactory.getLogger(MosquittoBrokerTest.class);

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static int port;
    private static Background mosquitto;
    private static PahoClient service;

    @BeforeAll
    static void startMosquitto() throws IOException, MqttException {
        MosquittoTools.assumeInstalled();
        pki = TestPki.create("Test");
        TestPki.Issued server = pki.broker();
        Path serverCert = pki.writePem(dir, server);
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        MosquittoConfig config = MosquittoConfig.builder().listener("127.0.0.1", port)
                .caFile(pki.writeCaChainPem(dir)).serverCertificate(serverCert, dir.resolve(server.name() + ".key"))
                .aclFile(dir.resolve("acl")).runAsUser(System.getProperty("user.name")).build();
        Path conf = dir.resolve("mosquitto.conf");
        config.writeTo(conf);
        mosquitto = MosquittoTools.broker(dir, conf);
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(MosquittoBrokerTest::listening);
        service = PahoClient.connectTls(port, pki.sslContext(pki.service()), "cloud-lite");
        assertThat(service.subscribe("oi/v1/#")).isEqualTo(1);
    }

    @AfterAll
    static void stopMosquitto() {
        if (service != null) {
            service.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
            LOG.debug("mosquitto log:\n{}", mosquitto.output());
        }
    }

    private static boolean listening() {
        if (!mosquitto.process().isAlive()) {
            throw new IllegalStateException("mosquitto exited: " + mosquitto.output());
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    int port() {
        return port;
    }

    @Override
    TestPki pki() {
        return pki;
    }

    @Override
    PahoClient service() {
        return service;
    }

    @Override
    Path workDir() {
        return dir;
    }

    @Test
    void device_using_another_client_id_connects_under_its_own_device_id() throws MqttException {
        DeviceId a = DeviceId.random();
        String event = unique("renamed");
        Run run = MosquittoTools.publish(dir, port, deviceFiles(a), DeviceId.random().value(),
                Topics.of(a, Leaf.EVENTS), event);
        assertThat(run.exitCode()).as(run.output()).isZero();
        await().atMost(5, TimeUnit.SECONDS).until(() -> service.hasReceived(event));
    }
}
