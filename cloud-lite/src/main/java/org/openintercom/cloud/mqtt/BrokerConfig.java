package org.openintercom.cloud.mqtt;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Immutable configuration of the {@link EmbeddedBroker}: where it listens, where it keeps its data, and the key
 * and trust material of its mutual-TLS listener.
 *
 * @param bindAddress address the listeners bind to (default {@code 127.0.0.1})
 * @param tlsPort port of the mutual-TLS listener; 0 picks a free port at start ({@link EmbeddedBroker#tlsPort()})
 * @param dataDirectory the broker's own directory; {@code conf/}, {@code data/} and {@code extensions/} go inside
 * @param serverKeyStore PKCS12 (or JKS) file with the broker's private key and certificate chain
 * @param serverKeyStorePassword password of the key store and of the key in it
 * @param trustStore the CA certificates client certificates must chain to (issuing and root CA): a PKCS12/JKS
 *        trust store, or a PEM file with one or more certificates
 * @param trustStorePassword password of a PKCS12/JKS trust store; ignored for PEM
 * @param plainTcpPortForTests a plain TCP listener for tests only (0 = a free port); empty (the default) for none.
 *        Clients on it present no certificate, so the broker refuses every one of them.
 * @param persistence where retained messages and sessions live: {@link Persistence#FILE} (the default, they survive
 *        a restart) or {@link Persistence#IN_MEMORY} (faster start, for tests)
 */
public record BrokerConfig(
        String bindAddress,
        int tlsPort,
        Path dataDirectory,
        Path serverKeyStore,
        String serverKeyStorePassword,
        Path trustStore,
        String trustStorePassword,
        OptionalInt plainTcpPortForTests,
        Persistence persistence) {

    /** Where the broker keeps retained messages and sessions. */
    public enum Persistence {
        /** In {@code <dataDirectory>/data}; survives restarts. */
        FILE,
        /** In memory only; lost on stop. */
        IN_MEMORY
    }

    public BrokerConfig {
        require(bindAddress, "bindAddress");
        require(dataDirectory, "dataDirectory");
        require(serverKeyStore, "serverKeyStore");
        require(serverKeyStorePassword, "serverKeyStorePassword");
        require(trustStore, "trustStore");
        require(plainTcpPortForTests, "plainTcpPortForTests");
        require(persistence, "persistence");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("broker config: bindAddress must not be blank");
        }
        checkPort("tlsPort", tlsPort);
        plainTcpPortForTests.ifPresent(p -> checkPort("plainTcpPortForTests", p));
    }

    /** A builder with the defaults: bind 127.0.0.1, TLS port 8883, no plain listener, file persistence. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration, for a modified copy. */
    public Builder extend() {
        Builder b = new Builder();
        b.bindAddress = bindAddress;
        b.tlsPort = tlsPort;
        b.dataDirectory = dataDirectory;
        b.serverKeyStore = serverKeyStore;
        b.serverKeyStorePassword = serverKeyStorePassword;
        b.trustStore = trustStore;
        b.trustStorePassword = trustStorePassword;
        b.plainTcpPortForTests = plainTcpPortForTests;
        b.persistence = persistence;
        return b;
    }

    @Override
    public String toString() {
        return "BrokerConfig[bindAddress=" + bindAddress + ", tlsPort=" + tlsPort + ", dataDirectory=" + dataDirectory
                + ", serverKeyStore=" + serverKeyStore + ", trustStore=" + trustStore + ", plainTcpPortForTests="
                + plainTcpPortForTests + ", persistence=" + persistence + "]";
    }

    private static void require(Object value, String key) {
        if (value == null) {
            throw new IllegalArgumentException("broker config: " + key + " is required");
        }
    }

    private static void checkPort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("broker config: " + key + " " + port + " is not a port (0..65535)");
        }
    }

    /** Collects the settings of a {@link BrokerConfig}. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int tlsPort = 8883;
        private Path dataDirectory;
        private Path serverKeyStore;
        private String serverKeyStorePassword;
        private Path trustStore;
        private String trustStorePassword;
        private OptionalInt plainTcpPortForTests = OptionalInt.empty();
        private Persistence persistence = Persistence.FILE;

        private Builder() {
        }

        public Builder bindAddress(String address) {
            this.bindAddress = address;
            return this;
        }

        /** The mutual-TLS port; 0 picks a free one. */
        public Builder tlsPort(int port) {
            this.tlsPort = port;
            return this;
        }

        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /** The broker's PKCS12/JKS key store; the password protects the store and the key. */
        public Builder serverKeyStore(Path path, String password) {
            this.serverKeyStore = path;
            this.serverKeyStorePassword = password;
            return this;
        }

        /** A PKCS12/JKS trust store with the CA certificates client certificates must chain to. */
        public Builder trustStore(Path path, String password) {
            this.trustStore = path;
            this.trustStorePassword = password;
            return this;
        }

        /** A PEM file with the CA certificates client certificates must chain to. */
        public Builder trustStorePem(Path path) {
            this.trustStore = path;
            this.trustStorePassword = null;
            return this;
        }

        /** Adds a plain TCP listener (0 = a free port); for tests only, every client on it is refused. */
        public Builder plainTcpPortForTests(int port) {
            this.plainTcpPortForTests = OptionalInt.of(port);
            return this;
        }

        /** File persistence (the default) or in memory. */
        public Builder persistence(Persistence mode) {
            this.persistence = mode;
            return this;
        }

        public BrokerConfig build() {
            return new BrokerConfig(bindAddress, tlsPort, dataDirectory, serverKeyStore, serverKeyStorePassword,
                    trustStore, trustStorePassword, Objects.requireNonNull(plainTcpPortForTests), persistence);
        }
    }
}
