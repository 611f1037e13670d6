package org.openintercom.cloud;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.cloud.calls.history.CallRetention;
import org.openintercom.cloud.firmware.FirmwareSettings;
import org.openintercom.cloud.firmware.PatchMaker;
import org.openintercom.cloud.store.DatabaseConfig;

/**
 * How cloud-lite runs: its data folder, the address it listens on and the host name devices use to reach it,
 * its three ports (installer API over HTTP, device endpoint over HTTPS with mutual TLS, MQTT over mutual TLS),
 * the database (embedded H2 in the data folder unless given), the manufacturer root that vouches for birth
 * certificates, and how long a claim waits for its device; the release root that firmware bundles must be signed
 * under and the firmware repository's settings; the call relay's settings. Immutable; {@link #builder()} has the defaults.
 */
public record CloudLiteConfig(Path dataDir, String bindAddress, String publicHost, int apiPort, int deviceApiPort,
        int mqttPort, Optional<DatabaseConfig> database, Optional<Path> manufacturerRoot, Duration claimLifetime,
        Optional<String> initialAdminPassword, Duration deviceCertificateValidity, Optional<String> externalMqtt,
        Clock clock, Optional<Path> releaseRoot, FirmwareSettings firmware, Optional<PatchMaker> patchMaker,
        Duration callRetention, CallRelaySettings relay) {

    public CloudLiteConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(publicHost, "publicHost");
        port("api-port", apiPort);
        port("device-port", deviceApiPort);
        port("mqtt-port", mqttPort);
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(manufacturerRoot, "manufacturerRoot");
        Objects.requireNonNull(claimLifetime, "claimLifetime");
        Objects.requireNonNull(initialAdminPassword, "initialAdminPassword");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(externalMqtt, "externalMqtt");
        Objects.requireNonNull(releaseRoot, "releaseRoot");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(patchMaker, "patchMaker");
        Objects.requireNonNull(relay, "relay");
        if (callRetention == null || callRetention.isNegative() || callRetention.isZero()) {
            throw new IllegalArgumentException("call-retention-days must be positive, not " + callRetention);
        }
        externalMqtt.ifPresent(uri -> {
            if (!uri.matches("ssl://[^/]+:\\d+")) {
                throw new IllegalArgumentException("external-mqtt must look like ssl://host:port, not " + uri);
            }
        });
        if (deviceCertificateValidity.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("device certificates must be valid for at least a minute, not "
                    + deviceCertificateValidity);
        }
    }

    private static void port(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0..65535 (0 picks a free port), not " + port);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link CloudLiteConfig}s; the defaults run everything embedded on loopback. */
    public static final class Builder {
        private Path dataDir = Path.of("cloud-data");
        private String bindAddress = "127.0.0.1";
        private String publicHost;
        private int apiPort = 8080;
        private int deviceApiPort = 8443;
        private int mqttPort = 8883;
        private DatabaseConfig database;
        private Path manufacturerRoot;
        private Duration claimLifetime = Duration.ofDays(7);
        private Duration callRetention = CallRetention.DEFAULT_RETENTION;
        private String initialAdminPassword;
        private Clock clock = Clock.systemUTC();
        private Duration deviceCertificateValidity = org.openintercom.provisioning.pki.CertificateAuthority.DEVICE_VALIDITY;

        private String externalMqtt;
        private Path releaseRoot;
        private FirmwareSettings firmware = FirmwareSettings.defaults();
        private PatchMaker patchMaker;
        private CallRelaySettings relay = CallRelaySettings.defaults();

        /** The call relay: SIP ports, media ports, limits (default {@link CallRelaySettings#defaults()}). */
        public Builder relay(CallRelaySettings relay) {
            this.relay = relay;
            return this;
        }

        /**
         * The release root certificate (PEM) uploaded bundles must be signed under; default: a development
         * release CA in {@code <data>/release-ca} (made on first start, with a warning).
         */
        public Builder releaseRoot(Path releaseRoot) {
            this.releaseRoot = releaseRoot;
            return this;
        }

        /** Firmware storage, per-device download caps, largest bundle, delta bases (default {@link FirmwareSettings#defaults()}). */
        public Builder firmware(FirmwareSettings firmware) {
            this.firmware = firmware;
            return this;
        }

        /** Makes patches between releases for delta updates (default: none, devices download full bundles). */
        public Builder patchMaker(PatchMaker patchMaker) {
            this.patchMaker = patchMaker;
            return this;
        }

        /**
         * Use an external broker (e.g. Mosquitto set up with {@code cloud-lite mosquitto-config}) at
         * {@code ssl://host:port} instead of the embedded one.
         */
        public Builder externalMqtt(String uri) {
            this.externalMqtt = uri;
            return this;
        }

        /** How long device certificates are valid (default 90 days; stations renew at 80 %). */
        public Builder deviceCertificateValidity(Duration validity) {
            this.deviceCertificateValidity = validity;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        /** The host name or address devices connect to (default: the bind address). */
        public Builder publicHost(String publicHost) {
            this.publicHost = publicHost;
            return this;
        }

        /** All three ports at once; 0 picks free ports (tests, simulator). */
        public Builder ports(int api, int device, int mqtt) {
            this.apiPort = api;
            this.deviceApiPort = device;
            this.mqttPort = mqtt;
            return this;
        }

        public Builder database(DatabaseConfig database) {
            this.database = database;
            return this;
        }

        /** The manufacturer root certificate (PEM); default: the one in {@code <data>/manufacturer-ca}. */
        public Builder manufacturerRoot(Path manufacturerRoot) {
            this.manufacturerRoot = manufacturerRoot;
            return this;
        }

        public Builder claimLifetime(Duration claimLifetime) {
            this.claimLifetime = claimLifetime;
            return this;
        }

        public Builder initialAdminPassword(String password) {
            this.initialAdminPassword = password;
            return this;
        }

        /** How long calls and their snapshots are kept (default 180 days). */
        public Builder callRetention(Duration callRetention) {
            this.callRetention = callRetention;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public CloudLiteConfig build() {
            return new CloudLiteConfig(dataDir, bindAddress, publicHost == null ? bindAddress : publicHost, apiPort,
                    deviceApiPort, mqttPort, Optional.ofNullable(database), Optional.ofNullable(manufacturerRoot),
                    claimLifetime, Optional.ofNullable(initialAdminPassword), deviceCertificateValidity, Optional.ofNullable(externalMqtt), clock,
                    Optional.ofNullable(releaseRoot), firmware, Optional.ofNullable(patchMaker), callRetention, relay);
        }
    }
}
