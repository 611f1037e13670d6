package org.openintercom.cloud.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho MQTT v5 client for tests (the cloud service, or a device) that records what it receives. */
final class PahoClient implements AutoCloseable {

    private static final long TIMEOUT_MS = 10_000;

    /** A message as received. */
    record Received(String topic, String payload) {
    }

    private final MqttAsyncClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();

    private PahoClient(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects over TLS with {@code context} to 127.0.0.1:{@code port}; throws what the connect threw. */
    static PahoClient connectTls(int port, SSLContext context, String clientId) throws MqttException {
        return connect("ssl://127.0.0.1:" + port, context, clientId);
    }

    /** Connects over plain TCP. */
    static PahoClient connectPlain(int port, String clientId) throws MqttException {
        return connect("tcp://127.0.0.1:" + port, null, clientId);
    }

    private static PahoClient connect(String uri, SSLContext context, String clientId) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        PahoClient paho = new PahoClient(client);
        client.setCallback(paho.callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        if (context != null) {
            options.setSocketFactory(context.getSocketFactory());
        }
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        try {
            client.connect(options).waitForCompletion(TIMEOUT_MS);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return paho;
    }

    /** Subscribes at QoS 1; the SUBACK reason code. */
    int subscribe(String filter) throws MqttException {
        IMqttToken token = client.subscribe(new MqttSubscription(filter, 1));
        try {
            token.waitForCompletion(TIMEOUT_MS);
        } catch (MqttException e) {
            return e.getReasonCode();
        }
        return token.getReasonCodes()[0];
    }

    /** Publishes at QoS 1 (retained if asked); the PUBACK reason code. */
    int publish(String topic, String payload, boolean retained) throws MqttException {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, retained,
                new MqttProperties());
        IMqttToken token = client.publish(topic, message);
        try {
            token.waitForCompletion(TIMEOUT_MS);
        } catch (MqttException e) {
            return e.getReasonCode();
        }
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    int publish(String topic, String payload) throws MqttException {
        return publish(topic, payload, false);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    boolean hasReceived(String payload) {
        return received.stream().anyMatch(r -> r.payload().equals(payload));
    }

    boolean isConnected() {
        return client.isConnected();
    }

    /** Completes when the broker (or the network) ends the session. */
    CompletableFuture<MqttDisconnectResponse> disconnected() {
        return disconnected;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(Duration.ofSeconds(2).toMillis()).waitForCompletion(TIMEOUT_MS);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing more to do
        }
    }

    private MqttCallback callback() {
        return new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                disconnected.complete(response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        };
    }
}
