package org.openintercom.agent.cloud;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MqttDefaultFilePersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.DeviceStatus;
import org.openintercom.provisioning.channel.Topics;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.agent.config.CloudSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's MQTT connection to the cloud: mutual TLS with the operational certificate, the device id as
 * client id, a persistent session (the broker keeps subscriptions and QoS 1 messages while the station is
 * away), the last will "offline", and reconnects with backoff and jitter. What is published while
 * disconnected is buffered on disk and sent on reconnect.
 */
public final class DeviceChannel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceChannel.class);
    /** How long the broker keeps the session of a station that is away. */
    static final long SESSION_EXPIRY_SECONDS = Duration.ofDays(7).toSeconds();

    /** What the channel delivers; called on the channel's executor, one at a time. */
    public interface Handler {
        /** Connected (again); {@code sessionPresent} says whether the broker kept the session. */
        void onConnected(boolean sessionPresent);

        /** A message on one of the device's own topics. */
        void onMessage(Topics.Leaf leaf, byte[] payload);

        /**
         * The broker refused this identity (CONNACK or DISCONNECT "not authorized", or the session closed because
         * the device was unclaimed); the channel keeps retrying unless closed.
         */
        default void onRefused(int reasonCode) {
        }
    }

    /** MQTT v5 reason codes that mean "this identity is not welcome". */
    static boolean isRefusal(int reasonCode) {
        return reasonCode == 0x86 || reasonCode == 0x87 || reasonCode == 0x98 || reasonCode == 0x8A;
    }

    private final DeviceId deviceId;
    private final String serverUri;
    private final SSLContext tls;
    private final Handler handler;
    private final ScheduledExecutorService executor;
    private final Backoff backoff;
    private final java.util.List<Topics.Leaf> subscriptions;
    /**
     * Paho pings after this long without traffic and gives the connection up when nothing has come back by its next
     * check, another keepalive later: a link that went silent is noticed up to about 2 keepalives after it went dark
     * (57-60 s measured with 30 s; see docs/mesh.md).
     */
    private final int keepAliveSeconds;
    private final MqttAsyncClient client;
    private volatile boolean closed;
    /** Connected, subscribed and announced to the handler (false until then, and again once the link is lost). */
    private volatile boolean ready;
    private static final int MAX_WAITING = 1_000;
    private final java.util.Queue<Waiting> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();

    DeviceChannel(DeviceId deviceId, String serverUri, SSLContext tls, Path stateDir, Handler handler,
            ScheduledExecutorService executor, Backoff backoff) {
        this(deviceId, serverUri, tls, stateDir, handler, executor, backoff,
                java.util.List.of(Topics.Leaf.DESIRED, Topics.Leaf.COMMAND), CloudSettings.MQTT_KEEPALIVE);
    }

    /** A channel subscribing to {@code subscriptions} (cloud-to-device leaves of its own id). */
    DeviceChannel(DeviceId deviceId, String serverUri, SSLContext tls, Path stateDir, Handler handler,
            ScheduledExecutorService executor, Backoff backoff, java.util.List<Topics.Leaf> subscriptions) {
        this(deviceId, serverUri, tls, stateDir, handler, executor, backoff, subscriptions,
                CloudSettings.MQTT_KEEPALIVE);
    }

    /** A channel subscribing to {@code subscriptions}, with the MQTT keepalive {@code keepAlive} (whole seconds). */
    DeviceChannel(DeviceId deviceId, String serverUri, SSLContext tls, Path stateDir, Handler handler,
            ScheduledExecutorService executor, Backoff backoff, java.util.List<Topics.Leaf> subscriptions,
            java.time.Duration keepAlive) {
        this.keepAliveSeconds = Math.toIntExact(keepAlive.toSeconds());
        this.subscriptions = java.util.List.copyOf(subscriptions);
        this.deviceId = deviceId;
        this.serverUri = serverUri;
        this.tls = tls;
        this.handler = handler;
        this.executor = executor;
        this.backoff = backoff;
        try {
            this.client = new MqttAsyncClient(serverUri, deviceId.value(),
                    new MqttDefaultFilePersistence(stateDir.resolve("mqtt").toString()));
        } catch (MqttException e) {
            throw new IllegalStateException("cannot create the MQTT client for " + serverUri + ": " + e.getMessage(), e);
        }
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(5_000);
        buffer.setPersistBuffer(true);
        buffer.setDeleteOldestMessages(false);
        client.setBufferOpts(buffer);
        client.setCallback(new Callback());
    }

    /** Starts connecting in the background. */
    public void start() {
        executor.execute(this::connect);
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /**
     * Publishes with QoS 1. While disconnected the message waits in the on-disk buffer; false only when even
     * that is full.
     */
    public boolean publish(Topics.Leaf leaf, Object message, boolean retained) {
        MqttMessage m = new MqttMessage(ChannelJson.encode(message), 1, retained, null);
        try {
            client.publish(Topics.of(deviceId, leaf), m);
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
                    || e.getReasonCode() == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS) {
                // Paho buffers only while fully disconnected; during a connect attempt we keep it ourselves
                if (waiting.size() < MAX_WAITING) {
                    waiting.add(new Waiting(leaf, m));
                    return true;
                }
            }
            LOG.warn("device {}: cannot publish on {}: {}", deviceId, leaf.topicName(), e.getMessage());
            return false;
        }
    }

    /** A message published while a connect attempt was under way, sent once connected. */
    private record Waiting(Topics.Leaf leaf, MqttMessage message) {
    }

    private void flushWaiting() {
        for (Waiting w = waiting.poll(); w != null; w = waiting.poll()) {
            try {
                client.publish(Topics.of(deviceId, w.leaf()), w.message());
            } catch (MqttException e) {
                LOG.warn("device {}: cannot publish on {}: {}", deviceId, w.leaf().topicName(), e.getMessage());
            }
        }
    }

    private void connect() {
        if (closed || ready) {
            return;
        }
        if (client.isConnected()) {
            // a CONNACK that came after this channel gave up waiting for it: the connection has no subscriptions
            // and nobody was told; it would pass for a working one forever. Drop it and connect again.
            LOG.debug("device {}: dropping a connection that completed after its attempt timed out", deviceId);
            safeDisconnect();
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
        options.setSocketFactory(tls.getSocketFactory());
        options.setHttpsHostnameVerificationEnabled(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(keepAliveSeconds);
        options.setConnectionTimeout(10);
        options.setWill(Topics.of(deviceId, Topics.Leaf.STATUS),
                new MqttMessage(ChannelJson.encode(DeviceStatus.offline()), 1, true, null));
        try {
            IMqttToken token = client.connect(options);
            token.waitForCompletion(15_000);
            if (closed) {
                // closed while the attempt was under way: do not hold a session the station no longer wants
                safeDisconnect();
                return;
            }
            boolean sessionPresent = token.getSessionPresent();
            subscribe();
            flushWaiting();
            backoff.reset();
            ready = true;
            LOG.info("device {} connected to {} (session {})", deviceId, serverUri,
                    sessionPresent ? "resumed" : "new");
            handler.onConnected(sessionPresent);
        } catch (MqttException | RuntimeException e) {
            if (e instanceof MqttException m && isRefusal(m.getReasonCode())) {
                executor.execute(() -> handler.onRefused(m.getReasonCode()));
            }
            Duration wait = backoff.next();
            LOG.warn("device {}: cannot connect to {} ({}); next attempt in {} ms", deviceId, serverUri,
                    describe(e), wait.toMillis());
            safeDisconnect();
            schedule(wait);
        }
    }

    private void subscribe() throws MqttException {
        MqttSubscription[] subs = subscriptions.stream()
                .map(leaf -> new MqttSubscription(Topics.of(deviceId, leaf), 1)).toArray(MqttSubscription[]::new);
        IMqttToken token = client.subscribe(subs);
        token.waitForCompletion(10_000);
        int[] codes = token.getReasonCodes();
        for (int code : codes == null ? new int[0] : codes) {
            if (code >= 0x80) {
                throw new IllegalStateException("the broker refused the subscription (reason code 0x"
                        + Integer.toHexString(code) + ")");
            }
        }
    }

    private void schedule(Duration wait) {
        if (!closed) {
            executor.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void safeDisconnect() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
        } catch (MqttException e) {
            LOG.debug("device {}: disconnect after failure: {}", deviceId, e.getMessage());
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e.getMessage();
        return root == e ? m : m + ": " + root.getClass().getSimpleName() + " " + root.getMessage();
    }

    /** Stops all reconnecting at once, from any thread; {@link #close()} still says goodbye and releases the client. */
    public void stopReconnecting() {
        closed = true;
    }

    /** Publishes "offline", then disconnects cleanly (the session stays on the broker). */
    @Override
    public void close() {
        closed = true;
        try {
            if (client.isConnected()) {
                client.publish(Topics.of(deviceId, Topics.Leaf.STATUS),
                        new MqttMessage(ChannelJson.encode(DeviceStatus.offline()), 1, true, null))
                        .waitForCompletion(2_000);
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            LOG.debug("device {}: disconnect: {}", deviceId, e.getMessage());
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("device {}: close: {}", deviceId, e.getMessage());
            }
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            ready = false;
            if (closed) {
                return;
            }
            Duration wait = backoff.next();
            LOG.warn("device {}: connection to {} lost ({}); reconnecting in {} ms", deviceId, serverUri,
                    response.getReasonString() != null ? response.getReasonString()
                            : response.getException() != null ? describe(response.getException())
                            : "reason " + response.getReturnCode(), wait.toMillis());
            if (isRefusal(response.getReturnCode())) {
                executor.execute(() -> handler.onRefused(response.getReturnCode()));
            }
            schedule(wait);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("device {}: MQTT error: {}", deviceId, exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Topics.parse(topic).filter(t -> t.deviceId().equals(deviceId)).ifPresentOrElse(
                    t -> executor.execute(() -> handler.onMessage(t.leaf(), message.getPayload())),
                    () -> LOG.warn("device {}: ignoring a message on a foreign topic {}", deviceId, topic));
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
    }
}
