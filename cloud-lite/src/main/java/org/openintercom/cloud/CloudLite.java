package org.openintercom.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openintercom.cloud.api.ApiServer;
import org.openintercom.cloud.api.CallHistoryService;
import org.openintercom.cloud.api.ApiServerConfig;
import org.openintercom.cloud.api.CloudApi;
import org.openintercom.cloud.api.CloudApiConfig;
import org.openintercom.cloud.api.DeviceLifecycleListener;
import org.openintercom.cloud.calls.directory.CallDirectoryStore;
import org.openintercom.cloud.calls.directory.StationLookup;
import org.openintercom.cloud.calls.directory.StoredRoutingDirectory;
import org.openintercom.cloud.calls.directory.StoredSipAccounts;
import org.openintercom.cloud.calls.announce.Announcements;
import org.openintercom.cloud.calls.history.CallHistoryStore;
import org.openintercom.cloud.calls.history.RelayCallHistory;
import org.openintercom.cloud.calls.media.MediaRelayConfig;
import org.openintercom.cloud.calls.routing.CallRouter;
import org.openintercom.cloud.calls.sip.RelayTls;
import org.openintercom.cloud.calls.sip.SipRelay;
import org.openintercom.cloud.calls.sip.SipRelayConfig;
import org.openintercom.cloud.calls.history.CallRecorder;
import org.openintercom.cloud.calls.history.CallRetention;
import org.openintercom.cloud.calls.history.SnapshotStore;
import org.openintercom.cloud.device.CallSnapshotUploads;
import org.openintercom.cloud.device.ClientCertificateCheck;
import org.openintercom.cloud.device.DeviceApiServer;
import org.openintercom.cloud.device.DeviceEndpoint;
import org.openintercom.cloud.device.StationCallReports;
import org.openintercom.cloud.device.FirmwareDownloads;
import org.openintercom.cloud.firmware.BundleStorage;
import org.openintercom.cloud.firmware.DeltaPrecomputer;
import org.openintercom.cloud.firmware.DiskBundleStorage;
import org.openintercom.cloud.firmware.DownloadLimits;
import org.openintercom.cloud.firmware.FirmwareRepository;
import org.openintercom.cloud.firmware.FirmwareSettings;
import org.openintercom.cloud.firmware.FirmwareStore;
import org.openintercom.cloud.firmware.S3BundleStorage;
import org.openintercom.cloud.hub.DesiredPublisher;
import org.openintercom.cloud.hub.DeviceHub;
import org.openintercom.cloud.hub.DeviceStateRecorder;
import org.openintercom.cloud.internal.ServiceIdentity;
import org.openintercom.cloud.mqtt.BrokerConfig;
import org.openintercom.cloud.mqtt.EmbeddedBroker;
import org.openintercom.cloud.rollout.FirmwarePublisher;
import org.openintercom.cloud.rollout.RolloutEngine;
import org.openintercom.cloud.rollout.RolloutService;
import org.openintercom.cloud.rollout.RolloutStore;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.Database;
import org.openintercom.cloud.store.DatabaseConfig;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.cloud.store.FallbackPlanStore;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.provisioning.channel.DeviceStatus;
import org.openintercom.ota.ProgressListener;
import org.openintercom.ota.ReleaseCa;
import org.openintercom.ota.delta.DeltaPatches;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.CertificateAuthority;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Identities;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.RevocationReason;
import org.openintercom.provisioning.pki.internal.SecureFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cloud-lite in one process: the certificate authority, the database, the MQTT broker with mutual TLS, the
 * cloud's device hub, the rollout engine, the installer API (with the CRL and root certificate), and the device
 * endpoint. Starts
 * with embedded defaults; {@link #close()} stops everything in reverse order.
 */
public final class CloudLite implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CloudLite.class);
    /** Environment variable with the passphrase of the CA keys. */
    public static final String CA_PASSPHRASE_ENV = "OI_CA_PASSPHRASE";

    private final List<AutoCloseable> started = new ArrayList<>();
    private CertificateAuthority ca;
    private X509Certificate manufacturerRoot;
    private Database database;
    private EmbeddedBroker broker;
    private DeviceHub hub;
    private CloudApi api;
    private ApiServer apiServer;
    private DeviceApiServer deviceServer;
    private X509Certificate releaseRoot;
    private FirmwareRepository firmware;
    private BundleStorage storage;
    private String host;
    private String mqttUri;
    private RolloutEngine rollouts;
    private CallRecorder calls;
    private SipRelay relay;
    private CallDirectoryStore callDirectory;

    /** The digest realm of the call relay (SIP users' password hashes are made for it). */
    public static final String RELAY_REALM = "openintercom";

    /** How often the rollout engine looks at its rollouts (waves, soak, timeouts). */
    static final Duration ROLLOUT_TICK = Duration.ofSeconds(5);

    private CloudLite() {
    }

    /**
     * Starts cloud-lite.
     *
     * @throws IllegalStateException (or another unchecked exception) saying which part could not start;
     *         whatever had started is stopped again
     */
    public static CloudLite start(CloudLiteConfig config) {
        CloudLite c = new CloudLite();
        try {
            c.startAll(config);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void startAll(CloudLiteConfig config) {
        long t0 = System.nanoTime();
        Path data = config.dataDir().toAbsolutePath();
        createPrivateDirectory(data);
        host = config.publicHost();
        ca = openCa(data, config.clock());
        manufacturerRoot = manufacturerRoot(config, data);
        database = Database.open(config.database().orElseGet(() -> DatabaseConfig.embedded(data.resolve("db"))));
        started.add(database);
        DeviceStore devices = new DeviceStore(database, config.clock());
        AuditLog audit = new AuditLog(database, config.clock());

        List<String> hosts = new ArrayList<>(new LinkedHashSet<>(List.of("localhost", "127.0.0.1",
                config.bindAddress(), config.publicHost())));
        hosts.removeIf(h -> h.equals("0.0.0.0") || h.equals("::"));
        List<X509Certificate> cloudTrust = List.of(ca.rootCertificate());

        String mqtt;
        if (config.externalMqtt().isPresent()) {
            mqtt = config.externalMqtt().get();
            LOG.info("using the external MQTT broker {} (live sessions of unclaimed devices are not closed;"
                    + " see docs/mqtt.md)", mqtt);
        } else {
            ServiceIdentity brokerId = ServiceIdentity.issue(ca, "mqtt", hosts);
            Path tls = data.resolve("tls");
            Path trustPem = tls.resolve("device-ca.pem");
            Pem.writeCertificates(trustPem, List.of(ca.rootCertificate(), ca.issuingCertificate()));
            broker = new EmbeddedBroker(BrokerConfig.builder().bindAddress(config.bindAddress())
                    .tlsPort(config.mqttPort()).dataDirectory(data.resolve("broker"))
                    .serverKeyStore(brokerId.writeKeyStore(tls.resolve("mqtt.p12")), brokerId.password())
                    .trustStorePem(trustPem).build());
            broker.revocationCheck(cert -> ca.isRevoked(cert.getSerialNumber())
                    || devices.isRevoked(DeviceEndpoint.serial(cert)));
            broker.start();
            started.add(broker);
            mqtt = "ssl://" + loopbackOf(config.bindAddress()) + ":" + broker.tlsPort();
        }
        mqttUri = config.externalMqtt().orElseGet(() -> "ssl://" + host + ":" + broker.tlsPort());

        ServiceIdentity hubId = ServiceIdentity.issue(ca, "cloud-lite", List.of("localhost"));
        hub = DeviceHub.connect(mqtt, "cloud-lite",
                hubId.sslContext(cloudTrust));
        started.add(hub);
        callDirectory = new CallDirectoryStore(database, config.clock(), RELAY_REALM, StationLookup.of(devices));
        DesiredPublisher desired = new DesiredPublisher(devices, hub, new FallbackPlanStore(database, config.clock()),
                callDirectory::snapshot, config.clock());
        hub.addListener(new DeviceStateRecorder(devices, audit, desired));
        OrganisationStore organisations = new OrganisationStore(database, config.clock());
        releaseRoot = releaseRoot(config, data);
        FirmwareStore firmwareStore = new FirmwareStore(database, config.clock());
        FirmwareSettings fw = config.firmware();
        storage = fw.s3().<BundleStorage>map(S3BundleStorage::new)
                .orElseGet(() -> new DiskBundleStorage(fw.diskDirectory().orElse(data.resolve("firmware"))));
        firmware = new FirmwareRepository(firmwareStore, storage, releaseRoot, audit, config.clock(),
                data.resolve("firmware-work").resolve("incoming"), fw.maxBundleSize());
        if (fw.deltaBases() > 0) {
            // zstd patch-from (ota's DeltaPatches) unless the configuration brings another maker
            DeltaPrecomputer deltas = new DeltaPrecomputer(firmwareStore, storage, config.patchMaker().orElse(
                    (base, target, out) -> DeltaPatches.create(base, target, out, ProgressListener.NONE)),
                    data.resolve("firmware-work").resolve("deltas"), fw.deltaBases());
            started.add(deltas);
            firmware.deltas(deltas);
        }
        LOG.info("firmware repository in {}: bundles signed under {}; {} B/s and {} downloads per device",
                storage.describe(), releaseRoot.getSubjectX500Principal().getName(), fw.deviceBytesPerSecond(),
                fw.maxParallelDownloadsPerDevice());

        rollouts = new RolloutEngine(new RolloutStore(database), devices, organisations, firmware,
                new FirmwarePublisher() {
                    @Override
                    public void assign(DeviceId device, FirmwareAssignment assignment) {
                        hub.publishFirmware(device, assignment);
                    }

                    @Override
                    public void withdraw(DeviceId device) {
                        hub.withdrawFirmware(device);
                    }
                }, audit, config.clock());
        hub.addListener(new DeviceHub.Listener() {
            @Override
            public void onStatus(DeviceId device, DeviceStatus status) {
                rollouts.onStatus(device, status);
            }

            @Override
            public void onUpdate(DeviceId device, UpdateProgress progress) {
                rollouts.onProgress(device, progress);
            }
        });
        rollouts.start(ROLLOUT_TICK);
        started.add(rollouts);
        RolloutStore rolloutStore = rollouts.store();
        firmware.inUse(bundleId -> rolloutStore.all().stream().anyMatch(r -> !r.state().isFinished()
                && r.plan().bundleId().equals(bundleId))
                || rolloutStore.currentReleases().stream().anyMatch(c -> c.bundleId().equals(bundleId)));

        CallHistoryStore callStore = new CallHistoryStore(database);
        SnapshotStore snapshots = new SnapshotStore(callStore, data.resolve("call-snapshots"), config.clock());
        calls = CallRecorder.start(callStore, id -> devices.find(id).map(Device::scope), config.clock());
        started.add(calls);
        started.add(new CallRetention(callStore, snapshots, config.callRetention(),
                CallRetention.DEFAULT_BATCH, config.clock()).start(CallRetention.DEFAULT_PERIOD));

        if (config.relay().enabled()) {
            relay = startRelay(config, data, hosts, devices);
            started.add(relay);
        }

        CloudApiConfig.Builder apiConfig = CloudApiConfig.builder()
                .calls(new CallHistoryService(callStore, snapshots)).callDirectory(callDirectory)
                .firmware(firmware).dataDir(data).clock(config.clock())
                .claimLifetime(config.claimLifetime()).commands(hub::send)
                .rollouts(new RolloutService(rollouts, devices, organisations, audit, config.clock()))
                .listener(new DeviceLifecycleListener() {
                    @Override
                    public void onUnclaimed(DeviceId deviceId, String revokedSerial) {
                        if (revokedSerial != null) {
                            ca.revoke(DeviceEndpoint.serial(revokedSerial), RevocationReason.CESSATION_OF_OPERATION);
                        }
                        if (broker != null) {
                            broker.revoked(deviceId);
                        }
                        hub.forget(deviceId);
                    }

                    @Override
                    public void onConfigurationChanged(DeviceId deviceId, long version) {
                        desired.publish(deviceId);
                        // its name is in its neighbours' fallback plans
                        devices.find(deviceId).map(Device::siteId).ifPresent(desired::refreshSite);
                    }

                    @Override
                    public void onMoved(DeviceId deviceId, long fromSiteId, Long toSiteId) {
                        desired.refreshSite(fromSiteId);
                        if (toSiteId != null) {
                            desired.refreshSite(toSiteId);
                        }
                    }

                    @Override
                    public void onCallDirectoryChanged(long siteId) {
                        desired.refreshSite(siteId);
                    }
                });
        config.initialAdminPassword().ifPresent(apiConfig::initialAdminPassword);
        api = CloudApi.create(database, apiConfig.build());
        apiServer = ApiServer.start(ApiServerConfig.builder().bindAddress(config.bindAddress()).port(config.apiPort())
                .build(), api, Map.of(
                        ApiServer.CRL_PATH, new ApiServer.PublicFile("application/pkix-crl", ca::crl),
                        ApiServer.ROOT_PATH, new ApiServer.PublicFile("application/x-pem-file",
                                () -> Pem.certificatesToPem(cloudTrust).getBytes(StandardCharsets.US_ASCII))));
        started.add(apiServer);

        java.util.function.Predicate<X509Certificate> revoked = cert -> ca.isRevoked(cert.getSerialNumber())
                || devices.isRevoked(DeviceEndpoint.serial(cert));
        ServiceIdentity deviceApiId = ServiceIdentity.issue(ca, "device-api", hosts);
        DeviceEndpoint endpoint = new DeviceEndpoint(ca, manufacturerRoot, devices, audit,
                () -> new EnrollmentResponse.Endpoints(mqttUri(), deviceApiUri().toString(),
                        apiUri() + ApiServer.CRL_PATH, relayUri()), config.deviceCertificateValidity(),
                config.clock());
        deviceServer = DeviceApiServer.start(new InetSocketAddress(config.bindAddress(), config.deviceApiPort()),
                ClientCertificateCheck.serverContext(deviceApiId.keyStore(), deviceApiId.password().toCharArray(),
                        List.of(manufacturerRoot, ca.rootCertificate())), endpoint,
                new FirmwareDownloads(firmware, new DownloadLimits(fw.deviceBytesPerSecond(),
                        fw.maxParallelDownloadsPerDevice()), ca.rootCertificate(), revoked, config.clock()),
                new CallSnapshotUploads(snapshots, ca.rootCertificate(), revoked, config.clock()),
                new StationCallReports(calls, ca.rootCertificate(), revoked, config.clock()));
        started.add(deviceServer);
        LOG.info("cloud-lite ready in {} ms: api {}, devices {}, mqtt {}, call relay {}",
                (System.nanoTime() - t0) / 1_000_000, apiUri(), deviceApiUri(), mqttUri(),
                relayUri().orElse("off"));
    }

    /**
     * The call relay: TLS with a service certificate from the cloud CA (stations show their operational
     * certificate and are the SIP user of their device id, unless it is revoked), UDP and TCP for third-party
     * phones (digest), media anchored on the configured ports, every call a station places recorded in the
     * call history.
     */
    private SipRelay startRelay(CloudLiteConfig config, Path data, List<String> hosts, DeviceStore devices) {
        CallRelaySettings settings = config.relay();
        ServiceIdentity id = ServiceIdentity.issue(ca, "sip-relay", hosts);
        Path tls = data.resolve("tls");
        RelayTls relayTls = new RelayTls(id.writeKeyStore(tls.resolve("sip-relay.p12")), id.password(),
                id.writeTrustStore(tls.resolve("sip-relay-trust.p12"), List.of(ca.rootCertificate(),
                        ca.issuingCertificate())), id.password(),
                cert -> Identities.deviceIdOf(cert).filter(device -> !ca.isRevoked(cert.getSerialNumber())
                        && !devices.isRevoked(DeviceEndpoint.serial(cert))).map(DeviceId::value));
        SipRelayConfig.Builder b = SipRelayConfig.builder().bindAddress(config.bindAddress())
                .advertisedHost(host).domain(host).realm(RELAY_REALM)
                .udpPort(settings.udpPort().orElse(null)).tcpPort(settings.tcpPort().orElse(null))
                .tls(settings.tlsPort().orElseThrow(), relayTls)
                .ringTimeout(settings.ringTimeout()).talkLimit(settings.talkLimit()).clock(config.clock());
        settings.trustedNetworks().forEach(b::trust);
        settings.announcements().ifPresent(dir -> b.announcements(Announcements.withDirectory(dir)));
        if (settings.anchorMedia()) {
            InetAddress bind = address(config.bindAddress());
            InetAddress advertised = bind.isAnyLocalAddress() ? address(host) : bind;
            MediaRelayConfig.Builder media = MediaRelayConfig.builder().bindAddress(bind).advertisedAddress(advertised)
                    .ports(settings.mediaPortMin(), settings.mediaPortMax());
            settings.mediaThreads().ifPresent(media::ioThreads);
            b.media(media.build());
        }
        return SipRelay.start(b.build(), new StoredSipAccounts(callDirectory), new StoredRoutingDirectory(callDirectory),
                new CallRouter(), new RelayCallHistory(calls));
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + host + " for the media relay's address: "
                    + e.getMessage(), e);
        }
    }

    /** The call relay's registrar for stations, e.g. {@code sip:cloud.example.com:5061;transport=tls}. */
    public Optional<String> relayUri() {
        return relay == null ? Optional.empty()
                : Optional.of("sip:" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                        + relay.port("tls").orElseThrow() + ";transport=tls");
    }

    /** SIP users, ring groups and forwarding rules (what the relay routes by). */
    public CallDirectoryStore callDirectory() {
        return callDirectory;
    }

    /** The call relay, when it runs. */
    public Optional<SipRelay> relay() {
        return Optional.ofNullable(relay);
    }

    /** The installer API, e.g. {@code http://127.0.0.1:8080}. */
    public URI apiUri() {
        return URI.create("http://" + host + ":" + apiServer.port());
    }

    /** The device endpoint (mutual TLS), e.g. {@code https://127.0.0.1:8443}. */
    public URI deviceApiUri() {
        return URI.create("https://" + host + ":" + deviceServer.port());
    }

    /** The MQTT broker (mutual TLS), e.g. {@code ssl://127.0.0.1:8883}. */
    public String mqttUri() {
        return mqttUri;
    }

    /** The cloud root certificate stations must trust. */
    public X509Certificate rootCertificate() {
        return ca.rootCertificate();
    }

    public X509Certificate manufacturerRoot() {
        return manufacturerRoot;
    }

    /** The root firmware bundles must be signed under (devices trust it for firmware). */
    public X509Certificate releaseRoot() {
        return releaseRoot;
    }

    /** The firmware repository (also the {@link org.openintercom.cloud.firmware.FirmwareCatalog} for rollouts). */
    public FirmwareRepository firmware() {
        return firmware;
    }

    public CloudApi api() {
        return api;
    }

    public DeviceHub hub() {
        return hub;
    }

    /** The rollout engine (rollouts, policies, current releases). */
    public RolloutEngine rollouts() {
        return rollouts;
    }

    /** Where the SIP relay records its calls (the call history). */
    public CallRecorder calls() {
        return calls;
    }

    public CertificateAuthority ca() {
        return ca;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }

    /** Opens (or creates) the cloud CA in {@code <data>/ca}. */
    static CertificateAuthority openCa(Path data, java.time.Clock clock) {
        createPrivateDirectory(data);
        return CertificateAuthority.createOrLoad(data.resolve("ca"), passphrase(data.resolve("ca")), clock);
    }

    private static String loopbackOf(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind.contains(":") ? "[" + bind + "]" : bind;
    }

    private static X509Certificate manufacturerRoot(CloudLiteConfig config, Path data) {
        if (config.manufacturerRoot().isPresent()) {
            return Pem.readCertificate(config.manufacturerRoot().get());
        }
        Path dir = data.resolve("manufacturer-ca");
        if (!Files.exists(dir.resolve("manufacturer.crt"))) {
            LOG.warn("no manufacturer root given: making a development manufacturer CA in {} (production clouds"
                    + " trust the real manufacturer's root with --manufacturer-root)", dir);
        }
        return ManufacturerCa.createOrLoad(dir, passphrase(dir), config.clock()).rootCertificate();
    }

    private static X509Certificate releaseRoot(CloudLiteConfig config, Path data) {
        if (config.releaseRoot().isPresent()) {
            return Pem.readCertificate(config.releaseRoot().get());
        }
        Path dir = data.resolve("release-ca");
        if (!Files.exists(dir.resolve(ReleaseCa.ROOT_CRT))) {
            LOG.warn("no release root given: making a development release CA in {}, for development only"
                    + " (production clouds trust the real release root with --release-root)", dir);
        }
        return ReleaseCa.createOrLoad(dir, passphrase(dir), config.clock()).rootCertificate();
    }

    /** The CA passphrase from the environment, else one kept next to the CA (owner-only) with a warning. */
    private static char[] passphrase(Path caDir) {
        String env = System.getenv(CA_PASSPHRASE_ENV);
        if (env != null && !env.isBlank()) {
            return env.toCharArray();
        }
        Path file = caDir.resolve("passphrase");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip().toCharArray();
            }
            createPrivateDirectory(caDir);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String pass = HexFormat.of().formatHex(random);
            SecureFiles.write(file, (pass + "\n").getBytes(StandardCharsets.US_ASCII), true);
            LOG.warn("keys in {} are encrypted with a generated passphrase kept in {}; to keep keys and passphrase"
                    + " apart, move that passphrase into {} and delete the file", caDir, file, CA_PASSPHRASE_ENV);
            return pass.toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the CA passphrase " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createPrivateDirectory(Path dir) {
        SecureFiles.createPrivateDirectory(dir);
    }
}
