package org.openintercom.cloud.mqtt;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openintercom.cloud.mqtt.internal.AccessExtension;
import org.openintercom.cloud.mqtt.internal.HiveMqConfigFile;
import org.openintercom.cloud.mqtt.internal.LiveSessions;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's MQTT broker (HiveMQ CE, embedded): one mutual-TLS listener, clients identified by their certificates
 * and confined to their own topics, and live sessions that can be closed when a device is unclaimed or revoked.
 *
 * <p>Only one embedded broker can run per JVM (HiveMQ's extension services are static).
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final long START_STOP_TIMEOUT_SECONDS = 60;
    private static final long DISCONNECT_TIMEOUT_SECONDS = 10;

    private final BrokerConfig config;
    private final LiveSessions sessions = new LiveSessions();
    private volatile RevocationCheck revocationCheck = RevocationCheck.NONE;
    private EmbeddedHiveMQ hivemq;
    private int tlsPort = -1;
    private OptionalInt plainTcpPort = OptionalInt.empty();

    public EmbeddedBroker(BrokerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Replaces the revocation check; it applies to every connect from now on (live sessions: see {@link #revoked}). */
    public void revocationCheck(RevocationCheck check) {
        this.revocationCheck = Objects.requireNonNull(check, "revocation check");
    }

    /**
     * Writes the HiveMQ configuration into {@code <dataDirectory>/conf} and starts the broker; returns when it
     * accepts connections.
     *
     * @throws IllegalStateException when already started
     * @throws BrokerException when HiveMQ does not start
     */
    public synchronized EmbeddedBroker start() {
        if (hivemq != null) {
            throw new IllegalStateException("broker already started");
        }
        Path dir = config.dataDirectory().toAbsolutePath();
        Path conf = dir.resolve("conf");
        int tls = config.tlsPort() == 0 ? freePort() : config.tlsPort();
        OptionalInt plain = config.plainTcpPortForTests().isPresent()
                ? OptionalInt.of(config.plainTcpPortForTests().getAsInt() == 0 ? freePort()
                        : config.plainTcpPortForTests().getAsInt())
                : OptionalInt.empty();
        try {
            Files.createDirectories(conf);
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("extensions"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker directories under " + dir, e);
        }
        Path trustStore = config.trustStore();
        String trustPassword = config.trustStorePassword();
        if (HiveMqConfigFile.isPem(trustStore)) {
            trustPassword = UUID.randomUUID().toString();
            Path converted = conf.resolve("client-ca-truststore.p12");
            HiveMqConfigFile.pemToPkcs12(trustStore, converted, trustPassword);
            trustStore = converted;
        } else if (trustPassword == null) {
            throw new IllegalArgumentException(
                    "broker config: trustStorePassword is required for the key store " + trustStore);
        }
        HiveMqConfigFile.write(conf, config.bindAddress(), tls, config.serverKeyStore(),
                config.serverKeyStorePassword(), trustStore, trustPassword, plain,
                config.persistence() == BrokerConfig.Persistence.IN_MEMORY);
        EmbeddedExtension extension = EmbeddedExtension.builder()
                .withId("openintercom-access").withName("OpenIntercom certificate access control")
                .withVersion("1").withAuthor("OpenIntercom").withPriority(1000).withStartPriority(1000)
                .withExtensionMain(new AccessExtension(() -> revocationCheck, sessions))
                .build();
        EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf).withDataFolder(dir.resolve("data"))
                .withExtensionsFolder(dir.resolve("extensions")).withEmbeddedExtension(extension)
                .withoutLoggingBootstrap().build();
        try {
            broker.start().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while starting the MQTT broker", e);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(broker);
            throw new BrokerException("the MQTT broker did not start (" + config + "): " + e.getMessage(), e);
        }
        hivemq = broker;
        tlsPort = tls;
        plainTcpPort = plain;
        LOG.info("MQTT broker started: mutual TLS on {}:{}{}", config.bindAddress(), tls,
                plain.isPresent() ? ", plain TCP for tests on port " + plain.getAsInt() : "");
        return this;
    }

    /** The port of the mutual-TLS listener (the one picked when the configuration said 0). */
    public synchronized int tlsPort() {
        requireStarted();
        return tlsPort;
    }

    /** The port of the plain test listener, if configured. */
    public synchronized OptionalInt plainTcpPort() {
        requireStarted();
        return plainTcpPort;
    }

    /** Closes the live session of {@code deviceId} at once (the device was unclaimed); whether there was one. */
    public boolean disconnect(DeviceId deviceId) {
        return closeSession(deviceId.value(), DisconnectReasonCode.ADMINISTRATIVE_ACTION, "device unclaimed");
    }

    /**
     * Closes the live session of {@code deviceId} at once because its certificate was revoked; whether there was one.
     * The {@link RevocationCheck} must already report the certificate, or the device simply reconnects.
     */
    public boolean revoked(DeviceId deviceId) {
        return closeSession(deviceId.value(), DisconnectReasonCode.NOT_AUTHORIZED, "certificate revoked");
    }

    /**
     * Closes at once every live session that authenticated with the certificate {@code serial}; how many. The
     * {@link RevocationCheck} must already report the certificate, or the client simply reconnects.
     */
    public int revoked(BigInteger serial) {
        List<String> clientIds = sessions.clientIdsOf(serial);
        int closed = 0;
        for (String clientId : clientIds) {
            if (closeSession(clientId, DisconnectReasonCode.NOT_AUTHORIZED, "certificate revoked")) {
                closed++;
            }
        }
        return closed;
    }

    private boolean closeSession(String clientId, DisconnectReasonCode code, String reason) {
        requireStarted();
        try {
            boolean closed = Services.clientService().disconnectClient(clientId, false, code, reason)
                    .get(DISCONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            sessions.forget(clientId);
            LOG.debug("session of '{}' {} ({})", clientId, closed ? "closed" : "was not connected", reason);
            return closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while disconnecting '" + clientId + "'", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerException("the broker did not disconnect '" + clientId + "': " + e.getMessage(), e);
        }
    }

    /** Stops the broker; does nothing when it is not running. */
    public synchronized void stop() {
        if (hivemq == null) {
            return;
        }
        EmbeddedHiveMQ broker = hivemq;
        hivemq = null;
        try {
            broker.stop().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            broker.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while stopping the MQTT broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerException("the MQTT broker did not stop cleanly: " + e.getMessage(), e);
        }
        LOG.info("MQTT broker stopped (port {})", tlsPort);
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void requireStarted() {
        if (hivemq == null) {
            throw new IllegalStateException("broker not started");
        }
    }

    private int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(config.bindAddress()))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + config.bindAddress(), e);
        }
    }

    private static void closeQuietly(EmbeddedHiveMQ broker) {
        try {
            broker.close();
        } catch (Exception e) {
            LOG.debug("closing a broker that did not start failed", e);
        }
    }

    /** The broker could not be started, stopped or asked to disconnect a client. */
    public static final class BrokerException extends RuntimeException {
        public BrokerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
