package org.openintercom.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.mqtt.MosquittoTools.Run;
import org.openintercom.provisioning.channel.Topics;
import org.openintercom.provisioning.channel.Topics.Leaf;
import org.openintercom.provisioning.claim.DeviceId;

/** The embedded broker with Paho v5 clients on both sides: who may connect, publish and subscribe. */
class EmbeddedBrokerTest {

    private static final int NOT_AUTHORIZED = 0x87;
    private static final int CLIENT_IDENTIFIER_NOT_VALID = 0x85;
    private static final Duration QUIET = Duration.ofMillis(700);

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static EmbeddedBroker broker;
    private static PahoClient service;
    private static final Set<BigInteger> REVOKED = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startBroker() throws MqttException {
        pki = TestPki.create("Test");
        Path keyStore = pki.writePkcs12(dir, pki.broker());
        Path caChain = pki.writeCaChainPem(dir);
        broker = new EmbeddedBroker(BrokerConfig.builder().tlsPort(0).dataDirectory(dir.resolve("broker"))
                .serverKeyStore(keyStore, TestPki.PASSWORD).trustStorePem(caChain).plainTcpPortForTests(0)
                .persistence(BrokerConfig.Persistence.IN_MEMORY).build());
        broker.revocationCheck(certificate -> REVOKED.contains(certificate.getSerialNumber()));
        broker.start();
        service = PahoClient.connectTls(broker.tlsPort(), pki.sslContext(pki.service()), "cloud-lite-test");
        assertThat(service.subscribe("oi/v1/#")).isEqualTo(1);
    }

    @AfterAll
    static void stopBroker() {
        if (service != null) {
            service.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static PahoClient givenDevice(DeviceId id) throws MqttException {
        return PahoClient.connectTls(broker.tlsPort(), pki.sslContext(pki.device(id)), id.value());
    }

    private static String unique(String what) {
        return what + "-" + UUID.randomUUID();
    }

    @Test
    void service_receives_what_a_device_publishes_on_its_own_device_to_cloud_leaves() throws MqttException {
        DeviceId a = DeviceId.random();
        try (PahoClient device = givenDevice(a)) {
            for (Leaf leaf : Leaf.values()) {
                if (leaf.direction() == Topics.Direction.FROM_DEVICE) {
                    String payload = unique(leaf.topicName());
                    assertThat(device.publish(Topics.of(a, leaf), payload)).isZero();
                    await().atMost(5, TimeUnit.SECONDS).until(() -> service.hasReceived(payload));
                }
            }
        }
    }

    @Test
    void device_receives_what_the_service_publishes_on_its_desired_and_cmd() throws MqttException {
        DeviceId a = DeviceId.random();
        try (PahoClient device = givenDevice(a)) {
            assertThat(device.subscribe(Topics.of(a, Leaf.DESIRED))).isEqualTo(1);
            assertThat(device.subscribe(Topics.of(a, Leaf.COMMAND))).isEqualTo(1);
            String desired = unique("desired");
            String command = unique("cmd");
            assertThat(service.publish(Topics.of(a, Leaf.DESIRED), desired, true)).isZero();
            assertThat(service.publish(Topics.of(a, Leaf.COMMAND), command)).isZero();
            await().atMost(5, TimeUnit.SECONDS)
                    .until(() -> device.hasReceived(desired) && device.hasReceived(command));
        }
    }

    @Test
    void device_may_not_publish_on_another_devices_leaves_nor_on_its_own_cloud_to_device_leaves()
            throws MqttException, InterruptedException {
        DeviceId a = DeviceId.random();
        DeviceId b = DeviceId.random();
        try (PahoClient device = givenDevice(a)) {
            String toB = unique("forged");
            String toOwnCmd = unique("own-cmd");
            assertThat(device.publish(Topics.of(b, Leaf.EVENTS), toB)).isEqualTo(NOT_AUTHORIZED);
            assertThat(device.publish(Topics.of(a, Leaf.COMMAND), toOwnCmd)).isEqualTo(NOT_AUTHORIZED);
            assertThat(device.publish("oi/v1/other", toOwnCmd)).isEqualTo(NOT_AUTHORIZED);
            Thread.sleep(QUIET.toMillis());
            assertThat(service.hasReceived(toB)).isFalse();
            assertThat(service.hasReceived(toOwnCmd)).isFalse();
            assertThat(device.isConnected()).as("a refused publish does not end the session").isTrue();
        }
    }

    @Test
    void device_may_not_subscribe_to_another_devices_leaves_nor_with_wildcards()
            throws MqttException, InterruptedException {
        DeviceId a = DeviceId.random();
        DeviceId b = DeviceId.random();
        try (PahoClient device = givenDevice(a)) {
            for (String filter : new String[] {Topics.of(b, Leaf.COMMAND), Topics.allDevices(Leaf.COMMAND), "#",
                "oi/v1/dev/" + a.value() + "/+", "oi/v1/dev/" + a.value() + "/#", Topics.of(a, Leaf.EVENTS)}) {
                assertThat(device.subscribe(filter)).as(filter).isEqualTo(NOT_AUTHORIZED);
            }
            String secret = unique("for-b");
            assertThat(service.publish(Topics.of(b, Leaf.COMMAND), secret)).isZero();
            Thread.sleep(QUIET.toMillis());
            assertThat(device.received()).isEmpty();
        }
    }

    @Test
    void service_may_not_publish_outside_oi_v1() throws MqttException {
        assertThat(service.publish("elsewhere/topic", "x")).isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void client_without_certificate_cannot_connect() {
        DeviceId a = DeviceId.random();
        assertThatThrownBy(() -> PahoClient.connectTls(broker.tlsPort(), pki.sslContext(null), a.value()))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void client_with_a_certificate_from_a_foreign_ca_cannot_connect() {
        DeviceId a = DeviceId.random();
        TestPki foreign = TestPki.create("Foreign");
        assertThatThrownBy(() -> PahoClient.connectTls(broker.tlsPort(), foreign.sslContext(foreign.device(a)),
                a.value())).isInstanceOf(MqttException.class);
    }

    @Test
    void device_whose_client_id_is_not_its_device_id_is_refused() {
        DeviceId a = DeviceId.random();
        DeviceId b = DeviceId.random();
        assertThatThrownBy(() -> PahoClient.connectTls(broker.tlsPort(), pki.sslContext(pki.device(a)), b.value()))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(CLIENT_IDENTIFIER_NOT_VALID));
    }

    @Test
    void certificate_naming_no_identity_is_refused() {
        TestPki.Issued anonymous = pki.leaf("anonymous", "ABCDEFGHJK", new GeneralNames(
                new GeneralName(GeneralName.dNSName, "example.org")), true);
        assertThatThrownBy(() -> PahoClient.connectTls(broker.tlsPort(), pki.sslContext(anonymous), "ABCDEFGHJK"))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
    }

    @Test
    void client_on_the_plain_test_listener_is_refused() {
        assertThatThrownBy(() -> PahoClient.connectPlain(broker.plainTcpPort().orElseThrow(),
                DeviceId.random().value())).isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
    }

    @Test
    void revoked_certificate_cannot_connect() {
        DeviceId a = DeviceId.random();
        TestPki.Issued cert = pki.device(a);
        REVOKED.add(cert.certificate().getSerialNumber());
        assertThatThrownBy(() -> PahoClient.connectTls(broker.tlsPort(), pki.sslContext(cert), a.value()))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
    }

    @Test
    void live_session_is_closed_at_once_when_its_certificate_is_revoked() throws Exception {
        DeviceId a = DeviceId.random();
        TestPki.Issued cert = pki.device(a);
        PahoClient device = PahoClient.connectTls(broker.tlsPort(), pki.sslContext(cert), a.value());
        try (device) {
            REVOKED.add(cert.certificate().getSerialNumber());
            assertThat(broker.revoked(cert.certificate().getSerialNumber())).isEqualTo(1);
            MqttDisconnectResponse response = device.disconnected().get(5, TimeUnit.SECONDS);
            assertThat(response.getReturnCode()).isEqualTo(NOT_AUTHORIZED);
            assertThat(device.isConnected()).isFalse();
        }
        assertThatThrownBy(() -> PahoClient.connectTls(broker.tlsPort(), pki.sslContext(cert), a.value()))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void revoking_by_device_id_closes_the_session_at_once() throws Exception {
        DeviceId a = DeviceId.random();
        try (PahoClient device = givenDevice(a)) {
            assertThat(broker.revoked(a)).isTrue();
            assertThat(device.disconnected().get(5, TimeUnit.SECONDS).getReturnCode()).isEqualTo(NOT_AUTHORIZED);
        }
    }

    @Test
    void session_of_an_unclaimed_device_is_closed_at_once() throws Exception {
        DeviceId a = DeviceId.random();
        try (PahoClient device = givenDevice(a)) {
            assertThat(broker.disconnect(a)).isTrue();
            device.disconnected().get(5, TimeUnit.SECONDS);
            assertThat(device.isConnected()).isFalse();
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> !broker.disconnect(a));
    }

    /** The device access contract with the real mosquitto_sub / mosquitto_pub against this class's broker. */
    @Nested
    @Tag("interop")
    class WithMosquittoClients extends DeviceAccessContract {

        @Override
        int port() {
            return broker.tlsPort();
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
        void device_using_another_client_id_is_refused() {
            DeviceId a = DeviceId.random();
            Run run = MosquittoTools.publish(dir, port(), deviceFiles(a), DeviceId.random().value(),
                    Topics.of(a, Leaf.EVENTS), "x");
            assertThat(run.exitCode()).as(run.output()).isNotZero();
        }

        @Test
        void revoked_certificate_cannot_connect_and_a_live_session_is_closed_at_once_with_its_last_will() {
            DeviceId a = DeviceId.random();
            TestPki.Issued cert = pki.device(a);
            MosquittoTools.ClientFiles files = filesFor(pki, cert);
            String will = unique("offline");
            try (MosquittoTools.Background sub = MosquittoTools.subscribe(dir, port(), files, a.value(),
                    Topics.of(a, Leaf.COMMAND), 0, 30, "--will-topic", Topics.of(a, Leaf.STATUS), "--will-payload",
                    will, "--will-qos", "1")) {
                sub.awaitSuback(Duration.ofSeconds(15));
                REVOKED.add(cert.certificate().getSerialNumber());
                assertThat(broker.revoked(cert.certificate().getSerialNumber())).isEqualTo(1);
                await().atMost(3, TimeUnit.SECONDS).until(() -> !sub.process().isAlive());
            }
            await().atMost(5, TimeUnit.SECONDS).until(() -> service.hasReceived(will));
            Run again = MosquittoTools.publish(dir, port(), files, a.value(), Topics.of(a, Leaf.EVENTS), "x");
            assertThat(again.exitCode()).as(again.output()).isNotZero();
        }
    }
}
