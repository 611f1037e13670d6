package org.openintercom.simulator.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.DeviceStatus;
import org.openintercom.provisioning.channel.Topics;

/** Emulated devices connected to one MQTT broker over mutual TLS (Paho v5, client id = device id), held open until {@link #close()}. */
final class MqttFleet implements AutoCloseable {

    private static final int TIMEOUT_SECONDS = 30;

    private final String uri;
    private final ExecutorService pool;
    private final Queue<MqttClient> clients = new ConcurrentLinkedQueue<>();
    /** MQTT CONNECT → CONNACK, including the TCP connect and the TLS handshake. */
    final Latencies connect = new Latencies();
    /** The retained ONLINE status publish at QoS 1 → PUBACK. */
    final Latencies online = new Latencies();

    /** A fleet connecting to {@code uri} ({@code ssl://host:port}); {@link #close()} disconnects on {@code pool}. */
    MqttFleet(String uri, ExecutorService pool) {
        this.uri = uri;
        this.pool = pool;
    }

    /**
     * Connects {@code device} with {@code tls} as a station does (clean start, last will OFFLINE) and, if
     * {@code publishOnline}, publishes its retained ONLINE status; the connection stays open.
     *
     * @throws IllegalStateException naming the step that failed
     */
    void connect(BenchDevice device, SSLContext tls, boolean publishOnline) {
        MqttClient client;
        try {
            client = new MqttClient(uri, device.id.value(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException("cannot create an MQTT client for " + uri + ": " + e.getMessage(), e);
        }
        client.setTimeToWait(TIMEOUT_SECONDS * 1000L);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(tls.getSocketFactory());
        options.setCleanStart(true);
        options.setConnectionTimeout(TIMEOUT_SECONDS);
        options.setWill(Topics.of(device.id, Topics.Leaf.STATUS),
                new MqttMessage(ChannelJson.encode(DeviceStatus.offline()), 1, true, null));
        long t0 = System.nanoTime();
        try {
            client.connect(options);
        } catch (MqttException e) {
            closeQuietly(client);
            throw new IllegalStateException("MQTT connect of " + device.id + " to " + uri + " failed: " + e, e);
        }
        connect.recordSince(t0);
        clients.add(client);
        if (publishOnline) {
            long t1 = System.nanoTime();
            try {
                client.publish(Topics.of(device.id, Topics.Leaf.STATUS), new MqttMessage(ChannelJson.encode(
                        DeviceStatus.online(Instant.now(), "ID5", "bench",
                                device.certificate().getNotAfter().toInstant())), 1, true, null));
            } catch (MqttException e) {
                throw new IllegalStateException("ONLINE publish of " + device.id + " failed: " + e, e);
            }
            online.recordSince(t1);
        }
    }

    /** How many of the fleet's clients are connected now. */
    int connectedCount() {
        return (int) clients.stream().filter(MqttClient::isConnected).count();
    }

    /** Disconnects and closes every client, in parallel on the pool. */
    @Override
    public void close() {
        List<Future<?>> done = new ArrayList<>();
        MqttClient c;
        while ((c = clients.poll()) != null) {
            MqttClient client = c;
            done.add(pool.submit(() -> {
                try {
                    if (client.isConnected()) {
                        client.disconnect();
                    }
                } catch (MqttException e) {
                    // the broker may already have dropped it; the client is closed below either way
                } finally {
                    closeQuietly(client);
                }
            }));
        }
        for (Future<?> f : done) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException("disconnecting the fleet from " + uri + " failed: " + e, e);
            }
        }
    }

    private static void closeQuietly(MqttClient client) {
        try {
            client.close(true);
        } catch (MqttException e) {
            // closing a client that failed to connect: nothing left to release
        }
    }
}
