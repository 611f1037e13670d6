package org.openintercom.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openintercom.cloud.mqtt.MosquittoTools.Background;
import org.openintercom.cloud.mqtt.MosquittoTools.ClientFiles;
import org.openintercom.cloud.mqtt.MosquittoTools.Run;
import org.openintercom.provisioning.channel.Topics;
import org.openintercom.provisioning.channel.Topics.Leaf;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every broker of ours must do for a device that uses the real {@code mosquitto_sub}/{@code mosquitto_pub}
 * with its certificate, while the cloud service (Paho v5) is on the other side. Asserts only what holds for both
 * HiveMQ and Mosquitto ("never receives"); broker-specific answers are recorded in docs/mqtt.md.
 */
abstract class DeviceAccessContract {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration QUIET = Duration.ofMillis(700);
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAccessContract.class);

    /** The broker's mutual-TLS port. */
    abstract int port();

    abstract TestPki pki();

    /** The cloud service, connected and subscribed to {@code oi/v1/#}. */
    abstract PahoClient service();

    /** Where certificates and tool output go. */
    abstract Path workDir();

    @BeforeEach
    void needsTheMosquittoTools() {
        MosquittoTools.assumeInstalled();
    }

    ClientFiles deviceFiles(DeviceId id) {
        return filesFor(pki(), pki().device(id));
    }

    ClientFiles filesFor(TestPki issuer, TestPki.Issued issued) {
        Path cert = issuer.writePem(workDir(), issued);
        return new ClientFiles(pki().writeRootPem(workDir()), cert, workDir().resolve(issued.name() + ".key"));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String unique(String what) {
        return what + "-" + UUID.randomUUID();
    }

    @Test
    void device_receives_what_the_service_publishes_on_its_desired() throws MqttException {
        DeviceId a = DeviceId.random();
        try (Background sub = MosquittoTools.subscribe(workDir(), port(), deviceFiles(a), a.value(),
                Topics.of(a, Leaf.DESIRED), 1, 15)) {
            assertThat(sub.awaitSuback(WAIT)).contains("received SUBACK");
            String desired = unique("desired");
            assertThat(service().publish(Topics.of(a, Leaf.DESIRED), desired, true)).isZero();
            Run run = sub.awaitExit(WAIT);
            assertThat(run.output()).contains(Topics.of(a, Leaf.DESIRED) + " " + desired);
            assertThat(run.exitCode()).isZero();
        }
    }

    @Test
    void service_receives_what_the_device_publishes_on_its_events() {
        DeviceId a = DeviceId.random();
        String event = unique("event");
        Run run = MosquittoTools.publish(workDir(), port(), deviceFiles(a), a.value(), Topics.of(a, Leaf.EVENTS),
                event);
        assertThat(run.exitCode()).as(run.output()).isZero();
        await().atMost(5, TimeUnit.SECONDS).until(() -> service().hasReceived(event));
    }

    @Test
    void device_never_receives_another_devices_commands_not_even_with_wildcards() throws MqttException {
        DeviceId a = DeviceId.random();
        DeviceId b = DeviceId.random();
        ClientFiles files = deviceFiles(a);
        List<String> filters = List.of(Topics.of(b, Leaf.COMMAND), Topics.allDevices(Leaf.COMMAND), "#");
        String secret = unique("for-b");
        for (String filter : filters) {
            // one after another: they share the client id, so each would take the previous session over
            try (Background sub = MosquittoTools.subscribe(workDir(), port(), files, a.value(), filter, 0, 15)) {
                String suback = sub.awaitSuback(WAIT);
                assertThat(service().publish(Topics.of(b, Leaf.COMMAND), secret)).isZero();
                sleep(QUIET);
                LOG.debug("mosquitto_sub as {} on '{}':\n{}", a, filter, sub.output());
                assertThat(sub.output()).as(suback).doesNotContain(secret).doesNotContain("received PUBLISH");
            }
        }
    }

    @Test
    void what_a_device_publishes_on_another_devices_topics_never_arrives() {
        DeviceId a = DeviceId.random();
        DeviceId b = DeviceId.random();
        String forged = unique("forged");
        ClientFiles files = deviceFiles(a);
        Run toB = MosquittoTools.publish(workDir(), port(), files, a.value(), Topics.of(b, Leaf.EVENTS), forged);
        Run toOwnCmd = MosquittoTools.publish(workDir(), port(), files, a.value(), Topics.of(a, Leaf.COMMAND), forged);
        LOG.debug("mosquitto_pub as {} on B's events (exit {}):\n{}", a, toB.exitCode(), toB.output());
        LOG.debug("mosquitto_pub as {} on its own cmd (exit {}):\n{}", a, toOwnCmd.exitCode(), toOwnCmd.output());
        sleep(QUIET);
        assertThat(service().hasReceived(forged)).isFalse();
    }

    @Test
    void client_without_a_certificate_cannot_connect() {
        DeviceId a = DeviceId.random();
        ClientFiles noCert = new ClientFiles(pki().writeRootPem(workDir()), null, null);
        Run run = MosquittoTools.publish(workDir(), port(), noCert, a.value(), Topics.of(a, Leaf.EVENTS), "x");
        LOG.debug("mosquitto_pub without certificate (exit {}):\n{}", run.exitCode(), run.output());
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(service().hasReceived("x")).isFalse();
    }

    @Test
    void client_with_a_certificate_from_a_foreign_ca_cannot_connect() {
        DeviceId a = DeviceId.random();
        TestPki foreign = TestPki.create("Foreign");
        String event = unique("foreign");
        Run run = MosquittoTools.publish(workDir(), port(), filesFor(foreign, foreign.device(a)), a.value(),
                Topics.of(a, Leaf.EVENTS), event);
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(service().hasReceived(event)).isFalse();
    }

    @Test
    void device_cannot_take_over_another_devices_session_by_using_its_client_id() throws MqttException {
        DeviceId a = DeviceId.random();
        DeviceId b = DeviceId.random();
        try (Background subB = MosquittoTools.subscribe(workDir(), port(), deviceFiles(b), b.value(),
                Topics.of(b, Leaf.COMMAND), 1, 15)) {
            subB.awaitSuback(WAIT);
            Run impostor = MosquittoTools.publish(workDir(), port(), deviceFiles(a), b.value(),
                    Topics.of(a, Leaf.EVENTS), unique("impostor"));
            String command = unique("cmd");
            assertThat(service().publish(Topics.of(b, Leaf.COMMAND), command)).isZero();
            Run run = subB.awaitExit(WAIT);
            LOG.debug("impostor using B's client id (exit {}):\n{}", impostor.exitCode(), impostor.output());
            assertThat(run.output()).as("B's session survived the impostor (%s)", impostor.output())
                    .contains(command);
        }
    }
}
