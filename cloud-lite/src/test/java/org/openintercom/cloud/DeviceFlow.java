package org.openintercom.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.openintercom.cloud.device.Pki;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.DeviceStatus;
import org.openintercom.provisioning.channel.EnrollmentRequest;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.channel.DeviceConfiguration;
import org.openintercom.provisioning.channel.ReportedConfiguration;
import org.openintercom.provisioning.channel.Topics;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.CertificateRequests;
import org.openintercom.provisioning.pki.KeyPairs;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.SslContexts;

/** A running cloud-lite seen from the outside: an installer on its API and devices that enroll and connect. */
final class DeviceFlow {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A device from the factory, claimed, enrolled and connected to MQTT with its certificate. */
    record Station(Pki.BornDevice born, List<X509Certificate> chain, SSLContext tls, MqttClient mqtt,
            BlockingQueue<MqttMessage> desired, BlockingQueue<MqttMessage> commands) {
    }

    private final CloudLite cloud;
    private final ManufacturerCa factory;
    private String token;
    private long siteId;

    DeviceFlow(CloudLite cloud, ManufacturerCa factory, String adminPassword) throws Exception {
        this.cloud = cloud;
        this.factory = factory;
        token = api("POST", "/api/v1/session", "{\"username\":\"admin\",\"password\":\"" + adminPassword + "\"}")
                .get("token").asText();
        long company = api("POST", "/api/v1/companies", "{\"name\":\"Acme\"}").get("id").asLong();
        long project = api("POST", "/api/v1/companies/" + company + "/projects", "{\"name\":\"Lakeside\"}")
                .get("id").asLong();
        siteId = api("POST", "/api/v1/projects/" + project + "/sites",
                "{\"name\":\"House A\",\"timeZone\":\"Europe/Zurich\"}").get("id").asLong();
    }

    /** The site the stations are claimed at. */
    long siteId() {
        return siteId;
    }

    JsonNode api(String method, String path, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(cloud.apiUri().resolve(path)).header("Content-Type", "application/json");
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    /** The station reports that it runs configuration version {@code applied} (as a station does on connect). */
    static void report(Station s, long applied) throws Exception {
        s.mqtt().publish(Topics.of(s.born().id(), Topics.Leaf.REPORTED), new MqttMessage(ChannelJson.encode(
                new ReportedConfiguration(applied, 0, DeviceConfiguration.empty(),
                        ReportedConfiguration.Outcome.UNCHANGED, Optional.empty(), Optional.empty(), Instant.now())),
                1, true, null));
    }

    Station givenEnrolledStation(String configuration) throws Exception {
        DeviceId id = DeviceId.random();
        KeyPair birthKeys = KeyPairs.ecP256();
        X509Certificate birth = factory.issueBirth(id, birthKeys.getPublic(), "ID5");
        Pki.BornDevice born = new Pki.BornDevice(id, birthKeys, List.of(birth, factory.rootCertificate()),
                ClaimCode.newFor(id, birthKeys.getPublic()));
        api("POST", "/api/v1/sites/" + siteId + "/claims", "{\"code\":\"" + born.code().qrPayload()
                + "\",\"name\":\"Front door\",\"configuration\":" + configuration + "}");
        KeyPair keys = KeyPairs.ecP256();
        SSLContext birthTls = Pki.tls(born.birthKeys().getPrivate(), born.birthChain(), List.of(cloud.rootCertificate()));
        EnrollmentResponse enrolled;
        try (HttpClient http = HttpClient.newBuilder().sslContext(birthTls)
                .sslParameters(SslContexts.clientParameters(birthTls)).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(cloud.deviceApiUri().resolve("/device/v1/enroll"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ChannelJson.encode(new EnrollmentRequest(
                            born.code().nonce(), Pem.csrToPem(CertificateRequests.create(keys, born.id()))))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            enrolled = ChannelJson.decode(r.body(), EnrollmentResponse.class);
        }
        assertThat(enrolled.status()).isEqualTo(EnrollmentResponse.Status.ENROLLED);
        List<X509Certificate> chain = Pem.parseCertificates(enrolled.certificateChain().orElseThrow());
        SSLContext tls = Pki.tls(keys.getPrivate(), chain, List.of(cloud.rootCertificate()));
        MqttClient mqtt = new MqttClient(enrolled.endpoints().orElseThrow().mqtt(), born.id().value(), new MemoryPersistence());
        BlockingQueue<MqttMessage> desired = new LinkedBlockingQueue<>();
        BlockingQueue<MqttMessage> commands = new LinkedBlockingQueue<>();
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(tls.getSocketFactory());
        options.setWill(Topics.of(born.id(), Topics.Leaf.STATUS),
                new MqttMessage(ChannelJson.encode(DeviceStatus.offline()), 1, true, null));
        mqtt.connect(options);
        // (Paho 1.2.5's subscribe(String, int, listener) recurses forever: use the array form)
        mqtt.subscribe(new MqttSubscription[] {new MqttSubscription(Topics.of(born.id(), Topics.Leaf.DESIRED), 1),
            new MqttSubscription(Topics.of(born.id(), Topics.Leaf.COMMAND), 1)},
                new IMqttMessageListener[] {(t, m) -> desired.add(m), (t, m) -> commands.add(m)});
        mqtt.publish(Topics.of(born.id(), Topics.Leaf.STATUS), new MqttMessage(ChannelJson.encode(
                DeviceStatus.online(Instant.now(), "ID5", "0.1.0", chain.get(0).getNotAfter().toInstant())),
                1, true, null));
        return new Station(born, chain, tls, mqtt, desired, commands);
    }
}
