package org.openintercom.cloud.hub;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
import org.openintercom.provisioning.channel.ChannelFormatException;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.Command;
import org.openintercom.provisioning.channel.CommandAck;
import org.openintercom.provisioning.channel.DesiredConfiguration;
import org.openintercom.provisioning.channel.DeviceEvent;
import org.openintercom.provisioning.channel.DeviceStatus;
import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.channel.ReportedConfiguration;
import org.openintercom.provisioning.channel.Topics;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's side of the device channel: one MQTT client with the cloud's service certificate that publishes
 * desired configuration, firmware assignments and commands, and hears every device's reports, presence, events,
 * command acknowledgements and update progress. Works against the embedded broker and against an external one
 * alike.
 */
public final class DeviceHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceHub.class);
    private static final int REMEMBERED_EVENTS = 10_000;

    /** What the hub hears from devices; called on the hub's own thread, one message at a time, in order. */
    public interface Listener {
        default void onReported(DeviceId device, ReportedConfiguration reported) {
        }

        default void onStatus(DeviceId device, DeviceStatus status) {
        }

        /** Each event once, even when MQTT delivers it twice. */
        default void onEvent(DeviceId device, DeviceEvent event) {
        }

        default void onAck(DeviceId device, CommandAck ack) {
        }

        /** The device's latest progress with a firmware assignment (retained, so also heard after restarts). */
        default void onUpdate(DeviceId device, UpdateProgress progress) {
        }
    }

    private final MqttAsyncClient client;
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "device-hub");
        t.setDaemon(true);
        return t;
    });
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<CommandAck>> pending = new ConcurrentHashMap<>();
    private final Map<String, Boolean> seenEvents = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_EVENTS;
        }
    };

    private DeviceHub(MqttAsyncClient client) {
        this.client = client;
    }

    /**
     * Connects to the broker at {@code serverUri} (e.g. {@code ssl://127.0.0.1:8883}) with the service identity
     * in {@code tls} and subscribes to every device's uplink topics.
     *
     * @throws IllegalStateException when the broker cannot be reached or refuses the service identity
     */
    public static DeviceHub connect(String serverUri, String clientId, SSLContext tls) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
            DeviceHub hub = new DeviceHub(client);
            client.setCallback(hub.new Callback());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setSocketFactory(tls.getSocketFactory());
            options.setCleanStart(false);
            options.setSessionExpiryInterval(Duration.ofDays(1).toSeconds());
            options.setAutomaticReconnect(true);
            options.setAutomaticReconnectDelay(1, 30);
            options.setKeepAliveInterval(30);
            client.connect(options).waitForCompletion(15_000);
            MqttSubscription[] subs = {
                new MqttSubscription(Topics.allDevices(Topics.Leaf.REPORTED), 1),
                new MqttSubscription(Topics.allDevices(Topics.Leaf.STATUS), 1),
                new MqttSubscription(Topics.allDevices(Topics.Leaf.EVENTS), 1),
                new MqttSubscription(Topics.allDevices(Topics.Leaf.ACK), 1),
                new MqttSubscription(Topics.allDevices(Topics.Leaf.UPDATE), 1)
            };
            IMqttToken token = client.subscribe(subs);
            token.waitForCompletion(10_000);
            int[] codes = token.getReasonCodes();
            for (int code : codes == null ? new int[0] : codes) {
                if (code >= 0x80) {
                    throw new IllegalStateException("the broker refused the cloud's subscription (reason 0x"
                            + Integer.toHexString(code) + "); does the service certificate have its rights?");
                }
            }
            LOG.info("device hub connected to {}", serverUri);
            return hub;
        } catch (MqttException e) {
            throw new IllegalStateException("device hub cannot connect to " + serverUri + ": " + e.getMessage(), e);
        }
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Publishes a device's desired configuration (retained, so the device gets it whenever it connects). */
    public void publishDesired(DeviceId device, DesiredConfiguration desired) {
        publish(Topics.of(device, Topics.Leaf.DESIRED), ChannelJson.encode(desired), true);
    }

    /**
     * Publishes the firmware a device should run (retained, so an offline device gets it when it comes back).
     */
    public void publishFirmware(DeviceId device, FirmwareAssignment assignment) {
        publish(Topics.of(device, Topics.Leaf.FIRMWARE), ChannelJson.encode(assignment), true);
    }

    /** Withdraws a device's firmware assignment (an empty retained message: no update wanted). */
    public void withdrawFirmware(DeviceId device) {
        publish(Topics.of(device, Topics.Leaf.FIRMWARE), new byte[0], true);
    }

    /** Removes a device's retained desired configuration, firmware assignment, progress and status (on unclaim). */
    public void forget(DeviceId device) {
        publish(Topics.of(device, Topics.Leaf.DESIRED), new byte[0], true);
        publish(Topics.of(device, Topics.Leaf.FIRMWARE), new byte[0], true);
        publish(Topics.of(device, Topics.Leaf.UPDATE), new byte[0], true);
        publish(Topics.of(device, Topics.Leaf.REPORTED), new byte[0], true);
        publish(Topics.of(device, Topics.Leaf.STATUS), new byte[0], true);
    }

    /** Sends a command; the future completes with the device's acknowledgement or times out. */
    public CompletableFuture<CommandAck> send(DeviceId device, Command command, Duration timeout) {
        CompletableFuture<CommandAck> ack = new CompletableFuture<>();
        pending.put(command.id(), ack);
        ack.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((a, e) -> pending.remove(command.id()));
        publish(Topics.of(device, Topics.Leaf.COMMAND), ChannelJson.encode(command), false);
        return ack;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    private void publish(String topic, byte[] payload, boolean retained) {
        try {
            client.publish(topic, new MqttMessage(payload, 1, retained, null)).waitForCompletion(10_000);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot publish on " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
            client.close(true);
            dispatcher.shutdown();
        } catch (MqttException e) {
            LOG.debug("device hub close: {}", e.getMessage());
        }
    }

    private void dispatch(Topics.DeviceTopic topic, byte[] payload) {
        DeviceId id = topic.deviceId();
        switch (topic.leaf()) {
            case REPORTED -> {
                ReportedConfiguration r = ChannelJson.decode(payload, ReportedConfiguration.class);
                listeners.forEach(l -> l.onReported(id, r));
            }
            case STATUS -> {
                DeviceStatus s = ChannelJson.decode(payload, DeviceStatus.class);
                listeners.forEach(l -> l.onStatus(id, s));
            }
            case EVENTS -> {
                DeviceEvent e = ChannelJson.decode(payload, DeviceEvent.class);
                boolean first;
                synchronized (seenEvents) {
                    first = seenEvents.put(id + "/" + e.id(), Boolean.TRUE) == null;
                }
                if (first) {
                    listeners.forEach(l -> l.onEvent(id, e));
                }
            }
            case ACK -> {
                CommandAck a = ChannelJson.decode(payload, CommandAck.class);
                CompletableFuture<CommandAck> f = pending.get(a.commandId());
                if (f != null) {
                    f.complete(a);
                }
                listeners.forEach(l -> l.onAck(id, a));
            }
            case UPDATE -> {
                UpdateProgress p = ChannelJson.decode(payload, UpdateProgress.class);
                listeners.forEach(l -> l.onUpdate(id, p));
            }
            default -> LOG.debug("ignoring {} from {}", topic.leaf(), id);
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.warn("device hub lost the broker: {}", response.getReasonString() != null ? response.getReasonString()
                    : response.getException() != null ? response.getException().getMessage() : "no reason given");
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("device hub MQTT error: {}", exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (message.getPayload().length == 0) {
                return; // a cleared retained message
            }
            Topics.parse(topic).ifPresent(t -> dispatcher.execute(() -> {
                try {
                    dispatch(t, message.getPayload());
                } catch (ChannelFormatException e) {
                    LOG.warn("device {} sent an unreadable {}: {}", t.deviceId(), t.leaf().topicName(), e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("handling {} from {} failed: {}", t.leaf().topicName(), t.deviceId(), e.toString());
                }
            }));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (reconnect) {
                LOG.info("device hub reconnected to {}", serverURI);
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
