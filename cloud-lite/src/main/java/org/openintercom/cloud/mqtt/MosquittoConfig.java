package org.openintercom.cloud.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.provisioning.channel.Topics;

/**
 * Generates {@code mosquitto.conf} and its ACL file for an external Mosquitto 2.0 broker that enforces the same
 * access model as the {@link EmbeddedBroker}: mutual TLS, identity = certificate CN, devices confined to their own
 * leaves, the cloud-lite service on {@code oi/v1/#} (see docs/mqtt.md for what Mosquitto does differently).
 *
 * @param bindAddress address of the listener
 * @param port port of the listener
 * @param caFile PEM with the CA certificates client certificates must chain to (issuing + root CA)
 * @param certFile PEM with the broker's certificate chain (leaf first)
 * @param keyFile PEM with the broker's private key
 * @param aclFile where the ACL file is (or will be written)
 * @param runAsUser the user Mosquitto switches to when started as root; empty for Mosquitto's default
 *        ({@code mosquitto})
 * @param crlFile optional PEM certificate revocation list (read when the listener starts)
 * @param persistenceDirectory where Mosquitto keeps retained messages and sessions across restarts; empty for none
 */
public record MosquittoConfig(
        String bindAddress,
        int port,
        Path caFile,
        Path certFile,
        Path keyFile,
        Path aclFile,
        Optional<String> runAsUser,
        Optional<Path> crlFile,
        Optional<Path> persistenceDirectory) {

    public MosquittoConfig {
        Objects.requireNonNull(bindAddress, "mosquitto config: bindAddress is required");
        Objects.requireNonNull(caFile, "mosquitto config: caFile is required");
        Objects.requireNonNull(certFile, "mosquitto config: certFile is required");
        Objects.requireNonNull(keyFile, "mosquitto config: keyFile is required");
        Objects.requireNonNull(aclFile, "mosquitto config: aclFile is required");
        Objects.requireNonNull(runAsUser, "mosquitto config: runAsUser");
        Objects.requireNonNull(crlFile, "mosquitto config: crlFile");
        Objects.requireNonNull(persistenceDirectory, "mosquitto config: persistenceDirectory");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("mosquitto config: port " + port + " is not a port (1..65535)");
        }
    }

    /** A builder with the defaults: bind 127.0.0.1, port 8883. */
    public static Builder builder() {
        return new Builder();
    }

    /** The text of {@code mosquitto.conf}. */
    public String mosquittoConf() {
        StringBuilder c = new StringBuilder();
        c.append("# Mosquitto 2.0 broker for the OpenIntercom device channel (generated; see docs/mqtt.md)\n");
        c.append("per_listener_settings false\n");
        c.append("# with use_identity_as_username every client has a user name (its certificate CN), so this\n");
        c.append("# refuses nobody who passed the TLS handshake; it stays as a second lock\n");
        c.append("allow_anonymous false\n");
        if (persistenceDirectory.isPresent()) {
            c.append("# keeps the retained desired/reported/status messages across restarts\n");
            c.append("persistence true\n");
            c.append("persistence_location ").append(persistenceDirectory.get().toAbsolutePath()).append("/\n");
        } else {
            c.append("persistence false\n");
        }
        runAsUser.ifPresent(u -> c.append("user ").append(u).append('\n'));
        c.append("log_dest stderr\n");
        c.append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
        c.append("\n# one listener, mutual TLS only\n");
        c.append("listener ").append(port).append(' ').append(bindAddress).append('\n');
        c.append("tls_version tlsv1.2\n");
        c.append("cafile ").append(caFile.toAbsolutePath()).append('\n');
        c.append("certfile ").append(certFile.toAbsolutePath()).append('\n');
        c.append("keyfile ").append(keyFile.toAbsolutePath()).append('\n');
        crlFile.ifPresent(f -> c.append("crlfile ").append(f.toAbsolutePath()).append('\n'));
        c.append("require_certificate true\n");
        c.append("# no topic aliases: a client resending an in-flight publish after a silent cut would name the dead\n");
        c.append("# connection's alias, and every reconnect would be refused (docs/mesh.md)\n");
        c.append("max_topic_alias 0\n");
        c.append("# the user name is the certificate's subject CN: the device id, or cloud-lite\n");
        c.append("use_identity_as_username true\n");
        c.append("# the client id is replaced by that user name, so no device can take over another's session\n");
        c.append("use_username_as_clientid true\n");
        c.append("acl_file ").append(aclFile.toAbsolutePath()).append('\n');
        return c.toString();
    }

    /**
     * The text of the ACL file: per device ({@code %u} = its CN = its device id) read on the cloud-to-device leaves and
     * write on the device-to-cloud leaves of {@link Topics}; {@code cloud-lite} reads and writes {@code oi/v1/#}.
     */
    public static String acl() {
        StringBuilder a = new StringBuilder();
        a.append("# OpenIntercom device channel ACL for Mosquitto 2.0 (generated; see docs/mqtt.md)\n");
        a.append("# %u is the user name = the certificate CN = the device id\n");
        for (Topics.Leaf leaf : Topics.Leaf.values()) {
            a.append("pattern ").append(leaf.direction() == Topics.Direction.TO_DEVICE ? "read" : "write")
                    .append(' ').append(Topics.ROOT).append("%u/").append(leaf.topicName()).append('\n');
        }
        a.append("\n# the cloud's own service client\n");
        a.append("user ").append(ClientIdentity.CLOUD_LITE.name()).append('\n');
        a.append("topic readwrite oi/v1/#\n");
        return a.toString();
    }

    /** Writes {@code mosquitto.conf} to {@code confFile} and the ACL to {@link #aclFile()}. */
    public void writeTo(Path confFile) {
        try {
            Files.writeString(confFile, mosquittoConf(), StandardCharsets.UTF_8);
            Files.writeString(aclFile, acl(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Mosquitto configuration " + confFile + " / " + aclFile,
                    e);
        }
    }

    /** Collects the settings of a {@link MosquittoConfig}. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = 8883;
        private Path caFile;
        private Path certFile;
        private Path keyFile;
        private Path aclFile;
        private Optional<String> runAsUser = Optional.empty();
        private Optional<Path> crlFile = Optional.empty();
        private Optional<Path> persistenceDirectory = Optional.empty();

        private Builder() {
        }

        public Builder listener(String address, int listenerPort) {
            this.bindAddress = address;
            this.port = listenerPort;
            return this;
        }

        public Builder caFile(Path file) {
            this.caFile = file;
            return this;
        }

        /** The broker's certificate chain and key (PEM). */
        public Builder serverCertificate(Path chainFile, Path privateKeyFile) {
            this.certFile = chainFile;
            this.keyFile = privateKeyFile;
            return this;
        }

        public Builder aclFile(Path file) {
            this.aclFile = file;
            return this;
        }

        public Builder runAsUser(String user) {
            this.runAsUser = Optional.of(user);
            return this;
        }

        public Builder crlFile(Path file) {
            this.crlFile = Optional.of(file);
            return this;
        }

        public Builder persistenceDirectory(Path directory) {
            this.persistenceDirectory = Optional.of(directory);
            return this;
        }

        public MosquittoConfig build() {
            return new MosquittoConfig(bindAddress, port, caFile, certFile, keyFile, aclFile, runAsUser, crlFile,
                    persistenceDirectory);
        }
    }
}
