package org.openintercom.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.device.Pki;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.Command;
import org.openintercom.provisioning.channel.CommandAck;
import org.openintercom.provisioning.channel.DesiredConfiguration;
import org.openintercom.provisioning.channel.DeviceStatus;
import org.openintercom.provisioning.channel.EnrollmentRequest;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.channel.Topics;
import org.openintercom.provisioning.pki.CertificateRequests;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.SslContexts;

/** cloud-lite as one process: claim over the API, enroll, MQTT, configuration, commands, unclaim. */
class CloudLiteTest {

    @TempDir
    static Path dir;

    private static CloudLite cloud;
    private static DeviceFlow flow;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startCloud() throws Exception {
        ManufacturerCa factory = ManufacturerCa.createOrLoad(dir.resolve("factory"), Pki.PASSWORD,
                java.time.Clock.systemUTC());
        Path root = dir.resolve("manufacturer.crt");
        Pem.writeCertificates(root, List.of(factory.rootCertificate()));
        cloud = CloudLite.start(CloudLiteConfig.builder().dataDir(dir.resolve("cloud")).ports(0, 0, 0).relay(CallRelaySettings.builder().freePorts().build())
                .manufacturerRoot(root).initialAdminPassword("correct horse battery").build());
        flow = new DeviceFlow(cloud, factory, "correct horse battery");
    }

    @AfterAll
    static void stopCloud() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static JsonNode api(String method, String path, String body) throws Exception {
        return flow.api(method, path, body);
    }

    private static DeviceFlow.Station givenEnrolledStation(String configuration) throws Exception {
        return flow.givenEnrolledStation(configuration);
    }

    private static void report(DeviceFlow.Station s, long applied) throws Exception {
        DeviceFlow.report(s, applied);
    }

    @Test
    void a_claimed_station_enrolls_comes_online_and_receives_its_configuration() throws Exception {
        DeviceFlow.Station s = givenEnrolledStation("{\"buttons\":{\"call\":{\"call\":\"sip:flat12@127.0.0.1\"}}}");
        report(s, 0);

        MqttMessage first = s.desired().poll(10, TimeUnit.SECONDS);
        assertThat(first).as("desired configuration after the first report").isNotNull();
        assertThat(ChannelJson.decode(first.getPayload(), DesiredConfiguration.class).configuration().buttons())
                .containsKey("call");
        await().atMost(Duration.ofSeconds(5)).until(() -> api("GET", "/api/v1/devices/" + s.born().id(), null)
                .path("online").asBoolean());

        api("PUT", "/api/v1/devices/" + s.born().id() + "/configuration", "{\"door\":{\"pulse\":\"3s\"}}");
        DesiredConfiguration second = ChannelJson.decode(s.desired().poll(10, TimeUnit.SECONDS).getPayload(),
                DesiredConfiguration.class);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.configuration().door().orElseThrow().pulse()).contains("3s");
        s.mqtt().disconnect();
        s.mqtt().close();
    }

    @Test
    void a_command_from_the_api_reaches_the_station_and_its_acknowledgement_comes_back() throws Exception {
        DeviceFlow.Station s = givenEnrolledStation("{}");
        Thread device = Thread.ofVirtual().start(() -> {
            try {
                Command c = ChannelJson.decode(s.commands().poll(10, TimeUnit.SECONDS).getPayload(), Command.class);
                s.mqtt().publish(Topics.of(s.born().id(), Topics.Leaf.ACK), new MqttMessage(ChannelJson.encode(
                        CommandAck.of(c.id(), CommandAck.Outcome.DONE, "opened", java.time.Instant.now())), 1, false, null));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        JsonNode ack = api("POST", "/api/v1/devices/" + s.born().id() + "/commands", "{\"type\":\"OPEN_DOOR\"}");

        device.join(10_000);
        assertThat(ack.get("outcome").asText()).isEqualTo("DONE");
        assertThat(ack.get("detail").asText()).isEqualTo("opened");
        s.mqtt().disconnect();
        s.mqtt().close();
    }

    @Test
    void unclaiming_revokes_the_certificate_closes_the_session_and_publishes_the_crl() throws Exception {
        DeviceFlow.Station s = givenEnrolledStation("{}");
        assertThat(s.mqtt().isConnected()).isTrue();

        String serial = api("DELETE", "/api/v1/devices/" + s.born().id() + "/claim", null).get("revokedSerial").asText();

        await().atMost(Duration.ofSeconds(5)).until(() -> !s.mqtt().isConnected());
        HttpResponse<byte[]> crl = HTTP.send(HttpRequest.newBuilder(cloud.apiUri().resolve("/crl/issuing.crl")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(crl.statusCode()).isEqualTo(200);
        Path file = Files.write(dir.resolve("issuing.crl"), crl.body());
        Process openssl = new ProcessBuilder("openssl", "crl", "-inform", "DER", "-in", file.toString(), "-noout", "-text")
                .redirectErrorStream(true).start();
        String text = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(text.toLowerCase().replace(":", "")).contains(serial.toLowerCase());

        MqttClient again = new MqttClient(cloud.mqttUri(), s.born().id().value(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(s.tls().getSocketFactory());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> again.connect(options))
                .hasMessageContaining("Not authorized");
        again.close();
    }

    @Test
    void the_root_certificate_is_published_for_stations() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(cloud.apiUri().resolve("/ca/root.crt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Pem.parseCertificates(r.body())).containsExactly(cloud.rootCertificate());
    }
}
