package org.openintercom.cloud;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.openintercom.cloud.firmware.FirmwareSettings;
import org.openintercom.cloud.firmware.S3Settings;
import org.openintercom.cloud.store.DatabaseConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cloud-lite}: runs the cloud on embedded defaults (H2, HiveMQ, a CA in the data folder) until stopped.
 * Prints {@code ready api=... devices=... mqtt=... sip=...} once every part is up. Exit codes: 0 stopped, 1 could not
 * start, 2 bad arguments.
 */
@Command(name = "cloud-lite", mixinStandardHelpOptions = true,
        description = "Runs OpenIntercom cloud-lite: installer API, device endpoint, MQTT broker, CA, database,"
                + " SIP call relay.",
        subcommands = CloudLiteMain.MosquittoConfigCommand.class)
public final class CloudLiteMain implements Callable<Integer> {

    @Option(names = "--data", description = "Data folder (CA, database, broker). Default: ${DEFAULT-VALUE}",
            defaultValue = "cloud-data")
    Path data;

    @Option(names = "--bind", description = "Address to listen on. Default: ${DEFAULT-VALUE}", defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--public-host", description = "Host name or address devices use to reach this cloud"
            + " (default: the bind address)")
    String publicHost;

    @Option(names = "--api-port", defaultValue = "8080", description = "Installer API (HTTP). Default: ${DEFAULT-VALUE}")
    int apiPort;

    @Option(names = "--device-port", defaultValue = "8443",
            description = "Device endpoint (HTTPS, mutual TLS). Default: ${DEFAULT-VALUE}")
    int devicePort;

    @Option(names = "--mqtt-port", defaultValue = "8883", description = "MQTT (mutual TLS). Default: ${DEFAULT-VALUE}")
    int mqttPort;

    @Option(names = "--jdbc-url", description = "Database URL (default: embedded H2 in the data folder),"
            + " e.g. jdbc:postgresql://db/openintercom")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "", description = "Or set OI_DB_PASSWORD.")
    String dbPassword;

    @Option(names = "--manufacturer-root", description = "PEM of the manufacturer CA that signs birth certificates"
            + " (default: a development CA in the data folder)")
    Path manufacturerRoot;

    @Option(names = "--admin-password", description = "Password of the first administrator 'admin' (default:"
            + " generated into <data>/admin-password)")
    String adminPassword;

    @Option(names = "--external-mqtt", description = "Use this broker (ssl://host:port, set up with"
            + " 'cloud-lite mosquitto-config') instead of the embedded one")
    String externalMqtt;

    @Option(names = "--release-root", description = "PEM of the release root firmware bundles must be signed under"
            + " (default: a development release CA in the data folder)")
    Path releaseRoot;

    @Option(names = "--firmware-dir", description = "Folder for firmware bundles (default: <data>/firmware)")
    Path firmwareDir;

    @Option(names = "--firmware-rate", defaultValue = "4194304",
            description = "Download cap per device in bytes/s. Default: ${DEFAULT-VALUE}")
    long firmwareRate;

    @Option(names = "--firmware-parallel", defaultValue = "2",
            description = "Parallel firmware downloads per device. Default: ${DEFAULT-VALUE}")
    int firmwareParallel;

    @Option(names = "--firmware-max-size", defaultValue = "2147483648",
            description = "Largest bundle accepted, in bytes. Default: ${DEFAULT-VALUE}")
    long firmwareMaxSize;

    @Option(names = "--firmware-delta-bases", defaultValue = "3",
            description = "Earlier releases a patch is made from for each upload (with a patch maker). Default: ${DEFAULT-VALUE}")
    int firmwareDeltaBases;

    @Option(names = "--s3-endpoint", description = "Keep bundles in this S3-compatible service (http(s)://host:port);"
            + " credentials from OI_S3_ACCESS_KEY and OI_S3_SECRET_KEY")
    java.net.URI s3Endpoint;

    @Option(names = "--s3-bucket", description = "Bucket for --s3-endpoint")
    String s3Bucket;

    @Option(names = "--s3-region", defaultValue = "us-east-1", description = "Region for request signing. Default: ${DEFAULT-VALUE}")
    String s3Region;

    @Option(names = "--s3-prefix", defaultValue = "", description = "Key prefix in the bucket, e.g. firmware/")
    String s3Prefix;

    @Option(names = "--call-retention-days", defaultValue = "180",
            description = "Days calls and caller snapshots are kept. Default: ${DEFAULT-VALUE}")
    long callRetentionDays;

    @Option(names = "--no-call-relay", description = "Do not run the SIP call relay (stations call each other"
            + " directly)")
    boolean noCallRelay;

    @Option(names = "--sip-udp-port", defaultValue = "5060",
            description = "Call relay SIP over UDP (third-party phones); -1 turns it off. Default: ${DEFAULT-VALUE}")
    int sipUdpPort;

    @Option(names = "--sip-tcp-port", defaultValue = "5060",
            description = "Call relay SIP over TCP; -1 turns it off. Default: ${DEFAULT-VALUE}")
    int sipTcpPort;

    @Option(names = "--sip-tls-port", defaultValue = "5061",
            description = "Call relay SIP over TLS (stations, with their device certificates). Default: ${DEFAULT-VALUE}")
    int sipTlsPort;

    @Option(names = "--media-ports", defaultValue = "10000-50000",
            description = "UDP ports the media relay anchors RTP/SRTP on, or 'off' to let media flow directly."
                    + " Default: ${DEFAULT-VALUE}")
    String mediaPorts;

    @Option(names = "--media-threads", paramLabel = "N",
            description = "I/O threads forwarding the media relay's packets, 1 to 64. Default: one per core, at most 16")
    Integer mediaThreads;

    @Option(names = "--talk-limit-seconds", defaultValue = "600",
            description = "The relay ends a conversation after this long. Default: ${DEFAULT-VALUE}")
    long talkLimitSeconds;

    @Option(names = "--announcements", paramLabel = "DIR",
            description = "A directory of NAME.wav files (8 kHz mono) the relay plays: ring groups' PLAY_MESSAGE"
                    + " names, or replacements of the built-in messages and queue words")
    Path announcements;

    @Option(names = "--sip-trusted-network", split = ",",
            description = "Networks (CIDR) whose SIP requests need no authentication, e.g. a trunk")
    java.util.List<String> sipTrustedNetworks = java.util.List.of();

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "openintercom-cloud-logback.xml");
        }
        System.exit(new CommandLine(new CloudLiteMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        CloudLiteConfig.Builder b = CloudLiteConfig.builder().dataDir(data).bindAddress(bind)
                .ports(apiPort, devicePort, mqttPort);
        if (publicHost != null) {
            b.publicHost(publicHost);
        }
        if (jdbcUrl != null) {
            String password = dbPassword.isEmpty() && System.getenv("OI_DB_PASSWORD") != null
                    ? System.getenv("OI_DB_PASSWORD") : dbPassword;
            b.database(DatabaseConfig.builder().jdbcUrl(jdbcUrl).user(dbUser).password(password).build());
        }
        if (manufacturerRoot != null) {
            b.manufacturerRoot(manufacturerRoot);
        }
        if (externalMqtt != null) {
            b.externalMqtt(externalMqtt);
        }
        if (adminPassword != null) {
            b.initialAdminPassword(adminPassword);
        }
        CloudLiteConfig config;
        try {
            if (releaseRoot != null) {
                b.releaseRoot(releaseRoot);
            }
            FirmwareSettings.Builder fw = FirmwareSettings.builder().deviceBytesPerSecond(firmwareRate)
                    .maxParallelDownloadsPerDevice(firmwareParallel).maxBundleSize(firmwareMaxSize)
                    .deltaBases(firmwareDeltaBases);
            if (firmwareDir != null) {
                fw.diskDirectory(firmwareDir);
            }
            if (s3Endpoint != null) {
                String access = System.getenv("OI_S3_ACCESS_KEY");
                String secret = System.getenv("OI_S3_SECRET_KEY");
                if (access == null || secret == null) {
                    throw new IllegalArgumentException("--s3-endpoint needs OI_S3_ACCESS_KEY and OI_S3_SECRET_KEY");
                }
                fw.s3(new S3Settings(s3Endpoint, s3Region, s3Bucket, s3Prefix, access, secret));
            }
            b.firmware(fw.build());
            b.callRetention(java.time.Duration.ofDays(callRetentionDays));
            b.relay(relaySettings());
            config = b.build();
        } catch (IllegalArgumentException e) {
            System.err.println("cloud-lite: " + e.getMessage());
            return 2;
        }
        CloudLite cloud;
        try {
            cloud = CloudLite.start(config);
        } catch (RuntimeException e) {
            System.err.println("cloud-lite: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cloud.close();
            stopped.countDown();
        }, "cloud-lite-shutdown"));
        System.out.println("ready api=" + cloud.apiUri() + " devices=" + cloud.deviceApiUri() + " mqtt=" + cloud.mqttUri()
                + " sip=" + cloud.relayUri().orElse("off"));
        System.out.flush();
        stopped.await();
        return 0;
    }

    private CallRelaySettings relaySettings() {
        if (noCallRelay) {
            return CallRelaySettings.off();
        }
        CallRelaySettings.Builder r = CallRelaySettings.builder()
                .ports(sipUdpPort < 0 ? null : sipUdpPort, sipTcpPort < 0 ? null : sipTcpPort, sipTlsPort)
                .talkLimit(java.time.Duration.ofSeconds(talkLimitSeconds)).trustedNetworks(sipTrustedNetworks)
                .announcements(announcements).mediaThreads(mediaThreads);
        if (mediaPorts.equals("off")) {
            r.anchorMedia(false);
        } else {
            var m = java.util.regex.Pattern.compile("(\\d{1,5})-(\\d{1,5})").matcher(mediaPorts);
            if (!m.matches()) {
                throw new IllegalArgumentException("--media-ports must look like 10000-50000 or be 'off', not "
                        + mediaPorts);
            }
            r.mediaPorts(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        return r.build();
    }

    /** {@code cloud-lite mosquitto-config}: prepares an external Mosquitto 2.0 for this cloud. */
    @Command(name = "mosquitto-config", mixinStandardHelpOptions = true,
            description = "Writes mosquitto.conf, ACL, CA chain, CRL and a server certificate from this cloud's CA.")
    static final class MosquittoConfigCommand implements Callable<Integer> {

        @Option(names = "--data", defaultValue = "cloud-data", description = "The cloud's data folder (its CA).")
        Path data;

        @Option(names = "--out", required = true, description = "Folder for the Mosquitto files.")
        Path out;

        @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Listener address. Default: ${DEFAULT-VALUE}")
        String bind;

        @Option(names = "--port", defaultValue = "8883", description = "Listener port. Default: ${DEFAULT-VALUE}")
        int port;

        @Option(names = "--host", required = true, split = ",",
                description = "Names/addresses devices use for the broker (in its certificate).")
        java.util.List<String> hosts;

        @Option(names = "--user", description = "User Mosquitto runs as (when started as root).")
        String user;

        @Override
        public Integer call() {
            try {
                java.nio.file.Files.createDirectories(out);
                Path conf = MosquittoSetup.write(data, out, bind, port, hosts, java.util.Optional.ofNullable(user),
                        java.time.Clock.systemUTC());
                System.out.println("wrote " + conf + "; start with: mosquitto -c " + conf);
                return 0;
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("cloud-lite mosquitto-config: " + e.getMessage());
                return 1;
            }
        }
    }
}
