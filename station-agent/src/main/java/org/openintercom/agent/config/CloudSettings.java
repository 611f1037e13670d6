package org.openintercom.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the station finds and trusts the cloud: the device endpoint it enrolls at, the cloud root
 * certificate it trusts (shipped with the firmware), its factory data (birth key, birth certificate, claim
 * code), how often it asks whether it was claimed, the bounds of its reconnect backoff, the firmware version it
 * reports when its slots do not say, how it updates its firmware ({@code update}; absent: no updates), and the MQTT
 * keepalive of its device channel ({@code mqttKeepAlive}: how soon a connection that went silent, say a router that
 * lost its uplink, is noticed: within about 2 × the keepalive, see docs/mesh.md).
 */
public record CloudSettings(URI deviceApi, Path trust, Path factoryDir, Duration pollInterval,
        Duration reconnectMin, Duration reconnectMax, String firmware, Optional<UpdateSettings> update,
        Duration mqttKeepAlive) {

    /** The device channel's MQTT keepalive unless the file says otherwise: short enough for the mesh failover. */
    public static final Duration MQTT_KEEPALIVE = Duration.ofSeconds(10);

    /** Settings with the default MQTT keepalive. */
    public CloudSettings(URI deviceApi, Path trust, Path factoryDir, Duration pollInterval, Duration reconnectMin,
            Duration reconnectMax, String firmware, Optional<UpdateSettings> update) {
        this(deviceApi, trust, factoryDir, pollInterval, reconnectMin, reconnectMax, firmware, update, MQTT_KEEPALIVE);
    }

    /** Settings without firmware updates. */
    public CloudSettings(URI deviceApi, Path trust, Path factoryDir, Duration pollInterval, Duration reconnectMin,
            Duration reconnectMax, String firmware) {
        this(deviceApi, trust, factoryDir, pollInterval, reconnectMin, reconnectMax, firmware, Optional.empty());
    }

    public CloudSettings {
        Objects.requireNonNull(deviceApi, "deviceApi");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(factoryDir, "factoryDir");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        Objects.requireNonNull(firmware, "firmware");
        update = update == null ? Optional.empty() : update;
        Objects.requireNonNull(mqttKeepAlive, "mqttKeepAlive");
        if (mqttKeepAlive.compareTo(Duration.ofSeconds(1)) < 0 || mqttKeepAlive.compareTo(Duration.ofSeconds(65_535)) > 0
                || mqttKeepAlive.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("mqtt-keepalive must be whole seconds from 1 s to 65535 s, not "
                    + mqttKeepAlive);
        }
        if (!"https".equals(deviceApi.getScheme())) {
            throw new IllegalArgumentException("the device API must be an https:// URL, not " + deviceApi);
        }
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnect-max must not be below reconnect-min");
        }
    }

    /** Settings with the defaults: ask every 5 s, reconnect between 1 s and 60 s. */
    public static CloudSettings of(URI deviceApi, Path trust, Path factoryDir) {
        return new CloudSettings(deviceApi, trust, factoryDir, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(60), "0.1.0");
    }

    /** A copy that updates its firmware with {@code update}. */
    public CloudSettings withUpdate(UpdateSettings update) {
        return new CloudSettings(deviceApi, trust, factoryDir, pollInterval, reconnectMin, reconnectMax, firmware,
                Optional.of(update), mqttKeepAlive);
    }
}
