package org.openintercom.agent.cloud;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openintercom.agent.StationAgent;
import org.openintercom.agent.calllog.CallRecord;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.mesh.CachedCrl;
import org.openintercom.agent.mesh.CloudLink;
import org.openintercom.agent.sip.SipIdentity;
import org.openintercom.agent.config.CloudSettings;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.agent.config.UpdateSettings;
import org.openintercom.agent.update.CloudConnectedCheck;
import org.openintercom.agent.update.EmulatedSelfTest;
import org.openintercom.agent.update.FileSlotDriver;
import org.openintercom.agent.update.FirmwareUpdater;
import org.openintercom.agent.update.SelfTestCheck;
import org.openintercom.agent.update.SipReadyCheck;
import org.openintercom.ota.delta.DeltaPatches;
import org.openintercom.provisioning.channel.EnrollmentResponse;
import org.openintercom.provisioning.channel.FallbackPlan;
import org.openintercom.provisioning.channel.Topics;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.factory.DeviceFactoryData;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.Renewal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a station under cloud management and keeps it there: waits to be claimed and enrolls (birth
 * certificate, claim nonce, CSR), connects the device channel with the operational certificate, applies the
 * cloud's configuration and commands, and renews the certificate at 80 % of its lifetime.
 */
public final class CloudConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CloudConnector.class);
    private static final Duration REFUSED_RETRY = Duration.ofSeconds(30);
    private static final Duration MIN_RENEWAL_DELAY = Duration.ofSeconds(5);
    private static final long CRL_REFRESH_HOURS = 1;

    /** Where the station stands with the cloud. */
    public enum State {
        /** Nobody has claimed the station yet; it asks again every poll interval. */
        WAITING_FOR_CLAIM,
        /** The cloud refused the enrollment (the reason is logged); it asks again later. */
        REFUSED,
        /** Enrolled; the device channel is (re)connecting. */
        CONNECTING,
        /** The device channel is up. */
        CONNECTED
    }

    private volatile java.util.function.Consumer<UpdateProgress> updateListener = p -> { };
    private final StationAgent agent;
    private final CloudSettings settings;
    private volatile DeviceFactoryData factory;
    private final Path stateDir;
    private final Enroller enroller;
    private final CloudSync sync;
    private final ScheduledExecutorService executor;
    private final Backoff unreachable;
    private final Clock clock;
    private volatile DeviceCredentials credentials;
    private volatile DeviceChannel channel;
    private volatile State state = State.WAITING_FOR_CLAIM;
    private volatile String lastRefusal = "";
    private volatile ScheduledFuture<?> renewal;
    private volatile ScheduledFuture<?> crlRefresh;
    private final CachedCrl revocations;
    private final FirmwareUpdater updater;
    private final OfflineCallOutbox offlineCalls;
    private final OfflineCallDeliverer offlineDelivery;
    /** Where offline call records are sent: not the cloud thread, which a slow or unreachable cloud would hold up. */
    private final ScheduledExecutorService deliveryThread;

    private CloudConnector(StationAgent agent, StationConfig base, CloudSettings settings, Clock clock, Runnable reboot) {
        this.agent = agent;
        this.settings = settings;
        this.clock = clock;
        this.factory = DeviceFactoryData.load(settings.factoryDir());
        this.stateDir = base.dataDir().resolve("cloud");
        this.revocations = CachedCrl.in(base.dataDir());
        List<X509Certificate> trust = Pem.readCertificates(settings.trust());
        this.enroller = new Enroller(settings.deviceApi(), trust, stateDir);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cloud-" + base.id());
            t.setDaemon(true);
            return t;
        });
        this.unreachable = new Backoff(settings.reconnectMin(), settings.reconnectMax(), RandomGenerator.getDefault());
        this.updater = settings.update().map(u -> updater(agent, base, u, reboot)).orElse(null);
        this.offlineCalls = OfflineCallOutbox.open(stateDir.resolve("offline-calls.jsonl"),
                factory.deviceId().value());
        this.deliveryThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "calls-" + base.id());
            t.setDaemon(true);
            return t;
        });
        this.offlineDelivery = new OfflineCallDeliverer(offlineCalls, deliveryThread, this::deviceApi,
                new Backoff(settings.reconnectMin(), settings.reconnectMax(), RandomGenerator.getDefault()));
        this.sync = new CloudSync(agent, base, stateDir.resolve("config-state.json"), this::publish, clock, reboot,
                () -> credentials == null ? Instant.EPOCH : credentials.certificate().getNotAfter().toInstant(),
                updater == null ? settings.firmware() : updater.runningVersion());
    }

    /**
     * The firmware updater of a station with an {@code update:} block: A/B slots in a folder, downloads over the
     * device API with the device's own certificate, health checks of a trial slot (cloud connected, SIP ready,
     * self-test). Its boot decision is taken here, before anything reports the running version.
     */
    private FirmwareUpdater updater(StationAgent agent, StationConfig base, UpdateSettings u, Runnable reboot) {
        FileSlotDriver slots = new FileSlotDriver(u.slotsDir());
        FirmwareUpdater f = FirmwareUpdater.builder()
                .slots(slots)
                .settings(u)
                .releaseRoot(Pem.readCertificates(u.releaseRoot()).get(0))
                .device(factory.device().model(), factory.device().hardwareRevision())
                .fallbackVersion(settings.firmware())
                .patches((basePayload, patch, target) -> DeltaPatches.apply(basePayload, patch, target))
                .deviceApi(settings.deviceApi(), () -> {
                    DeviceCredentials c = credentials;
                    if (c == null) {
                        throw new IllegalStateException("the station is not enrolled");
                    }
                    return c.sslContext();
                })
                .clock(clock)
                .worker(Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "update-" + base.id());
                    t.setDaemon(true);
                    return t;
                }))
                .report(p -> {
                    publish(Topics.Leaf.UPDATE, p, true);
                    updateListener.accept(p);
                })
                .reboot(reboot)
                .callInProgress(agent::callInProgress)
                .healthChecks(List.of(new CloudConnectedCheck(() -> state == State.CONNECTED),
                        new SipReadyCheck(agent::sipReady),
                        new SelfTestCheck(new EmulatedSelfTest(slots, factory.device().hardwareRevision()))))
                .build();
        f.start();
        return f;
    }

    /** Hears every update progress the station reports (besides the cloud), e.g. for a console. */
    public void onUpdateProgress(java.util.function.Consumer<UpdateProgress> listener) {
        this.updateListener = listener == null ? p -> { } : listener;
    }

    /** The firmware updater, when the settings have an {@code update:} block. */
    public Optional<FirmwareUpdater> updater() {
        return Optional.ofNullable(updater);
    }

    /** Restores the kept configuration and starts talking to the cloud in the background. */
    public static CloudConnector start(StationAgent agent, StationConfig base, CloudSettings settings, Clock clock,
            Runnable reboot) {
        CloudConnector c = new CloudConnector(agent, base, settings, clock, reboot);
        c.credentials = DeviceCredentials.load(c.stateDir).orElse(null);
        c.sync.relay(() -> {
            DeviceCredentials kept = c.credentials;
            return kept == null ? Optional.empty() : kept.endpoints().sip();
        });
        c.sync.restore();
        agent.addListener(c.sync::onStationEvent);
        SnapshotUploader snapshots = new SnapshotUploader(c.executor, c::deviceApi);
        agent.addListener(e -> {
            if (e.type() == StationEvent.Type.SNAPSHOT_TAKEN && e.callId() != null) {
                snapshots.upload(e.callId(), java.nio.file.Path.of(e.detail()));
            }
        });
        agent.attachCloud(c.new Link());
        c.executor.execute(c::begin);
        return c;
    }

    /** The device API with this station's certificate, once it is enrolled. */
    private Optional<DeviceApiTarget> deviceApi() {
        DeviceCredentials kept = credentials;
        return kept == null ? Optional.empty() : Optional.of(new DeviceApiTarget(
                java.net.URI.create(kept.endpoints().deviceApi()), kept.sslContext()));
    }

    public DeviceId deviceId() {
        return factory.deviceId();
    }

    public State state() {
        return state;
    }

    /**
     * The records of calls the cloud's relay did not see (mesh calls), delivered to the cloud's call history
     * whenever the device channel comes up and after each {@link OfflineCallOutbox#add}.
     */
    public OfflineCallOutbox offlineCalls() {
        return offlineCalls;
    }

    /** Whether the device channel (MQTT) is connected now. */
    public boolean channelUp() {
        DeviceChannel ch = channel;
        return ch != null && ch.isConnected();
    }

    /** The name {@code callTarget} rings on the relay {@code relay} ({@code sip:host:port;params}), if it does. */
    static Optional<String> relayName(String callTarget, String relay) {
        int colon = relay.indexOf(':');
        String scheme = relay.substring(0, colon + 1);
        String suffix = "@" + relay.substring(colon + 1);
        if (!callTarget.startsWith(scheme) || !callTarget.endsWith(suffix)
                || callTarget.length() <= scheme.length() + suffix.length()) {
            return Optional.empty();
        }
        return Optional.of(callTarget.substring(scheme.length(), callTarget.length() - suffix.length()));
    }

    /** The station's mesh failover's view of this connection. */
    private final class Link implements CloudLink {
        @Override
        public boolean claimed() {
            return credentials != null;
        }

        @Override
        public boolean channelUp() {
            return CloudConnector.this.channelUp();
        }

        @Override
        public List<String> fallbackTargets(String button) {
            return sync.fallbackPlan().targetsFor(button).stream().map(FallbackPlan.Target::deviceId).toList();
        }

        @Override
        public Optional<String> relayName(String callTarget) {
            DeviceCredentials c = credentials;
            return c == null ? Optional.empty()
                    : c.endpoints().sip().flatMap(relay -> CloudConnector.relayName(callTarget, relay));
        }

        @Override
        public void recordOfflineCall(CallRecord call, String target, List<String> targetsRung,
                Optional<String> answeredBy) {
            offlineCalls.add(call, target, targetsRung, answeredBy);
        }
    }

    /** The claim code of this station (what its label shows). */
    public String claimCode() {
        return factory.claimCode().typed();
    }

    public CloudSync sync() {
        return sync;
    }

    /** The serial number of the operational certificate in use, if enrolled. */
    public Optional<java.math.BigInteger> certificateSerial() {
        DeviceCredentials c = credentials;
        return c == null ? Optional.empty() : Optional.of(c.certificate().getSerialNumber());
    }

    /** The reason the cloud gave for the last refusal, if any. */
    public String lastRefusal() {
        return lastRefusal;
    }

    private void begin() {
        if (credentials != null) {
            connect();
        } else {
            LOG.info("station {} waits to be claimed: claim code {}", factory.deviceId(), factory.claimCode().typed());
            enroll();
        }
    }

    private void enroll() {
        Duration next;
        try {
            EnrollmentResponse response = enroller.enroll(factory);
            unreachable.reset();
            switch (response.status()) {
                case ENROLLED -> {
                    credentials = DeviceCredentials.load(stateDir).orElseThrow();
                    LOG.info("station {} enrolled; certificate valid until {}", factory.deviceId(),
                            credentials.certificate().getNotAfter().toInstant());
                    response.configuration().ifPresent(sync::onDesired);
                    connect();
                    return;
                }
                case WAITING -> {
                    state = State.WAITING_FOR_CLAIM;
                    next = response.retryAfterSeconds().map(Duration::ofSeconds)
                            .filter(d -> d.compareTo(settings.pollInterval()) < 0).orElse(settings.pollInterval());
                }
                default -> {
                    state = State.REFUSED;
                    lastRefusal = response.reason().orElse("no reason given");
                    LOG.warn("station {}: the cloud refused the enrollment: {}", factory.deviceId(), lastRefusal);
                    next = REFUSED_RETRY.compareTo(settings.pollInterval()) > 0 ? REFUSED_RETRY : settings.pollInterval();
                }
            }
        } catch (RuntimeException e) {
            next = unreachable.next();
            LOG.warn("station {}: enrollment failed ({}); next attempt in {} ms", factory.deviceId(), e.getMessage(),
                    next.toMillis());
        }
        executor.schedule(this::enroll, next.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the channel was up once already: a later connect is a reconnect. Cloud thread. */
    private volatile boolean connectedBefore;

    private void connect() {
        state = State.CONNECTING;
        DeviceCredentials c = credentials;
        DeviceChannel ch = new DeviceChannel(factory.deviceId(), c.endpoints().mqtt(), c.sslContext(), stateDir,
                new DeviceChannel.Handler() {
                    @Override
                    public void onConnected(boolean sessionPresent) {
                        state = State.CONNECTED;
                        if (connectedBefore) {
                            // the cloud may have restarted: its relay keeps registrations in memory only
                            agent.refreshRegistration();
                        }
                        connectedBefore = true;
                        sync.onConnected(sessionPresent);
                        offlineDelivery.kick(); // the cloud is back: the calls it did not see
                        // not on the cloud thread: a slow CRL download must not hold up the desired configuration
                        Thread.ofVirtual().name("crl-" + factory.deviceId())
                                .start(CloudConnector.this::cacheRevocations);
                        if (updater != null) {
                            // the latest progress again: reports made before the channel was up were dropped
                            updater.lastProgress().ifPresent(p -> publish(Topics.Leaf.UPDATE, p, true));
                        }
                    }

                    @Override
                    public void onMessage(Topics.Leaf leaf, byte[] payload) {
                        if (leaf == Topics.Leaf.FIRMWARE && updater != null) {
                            updater.onFirmwareMessage(payload);
                        } else {
                            sync.onMessage(leaf, payload);
                        }
                    }

                    @Override
                    public void onRefused(int reasonCode) {
                        checkRevocation(reasonCode);
                    }
                }, executor, new Backoff(settings.reconnectMin(), settings.reconnectMax(), RandomGenerator.getDefault()),
                updater == null ? List.of(Topics.Leaf.DESIRED, Topics.Leaf.COMMAND)
                        : List.of(Topics.Leaf.DESIRED, Topics.Leaf.COMMAND, Topics.Leaf.FIRMWARE),
                settings.mqttKeepAlive());
        channel = ch;
        ch.start();
        agent.useSipIdentity(Optional.of(new SipIdentity(factory.deviceId().value(), c.key(), c.chain(),
                c.trustAnchors(), c.endpoints().sip())));
        scheduleRenewal();
    }

    /**
     * The broker refused us: if the cloud's CRL lists our certificate, the station was unclaimed. It then forgets
     * its operational identity, makes a new claim code (the old nonce is used up) and waits to be claimed again.
     */
    private void checkRevocation(int reasonCode) {
        DeviceCredentials c = credentials;
        if (c == null || channel == null) {
            return;
        }
        if (!RevocationList.lists(c.endpoints().crl(), c.chain())) {
            LOG.warn("station {}: the broker refused the connection (reason 0x{}) but the certificate is not"
                    + " revoked; retrying", factory.deviceId(), Integer.toHexString(reasonCode));
            return;
        }
        DeviceChannel old = channel;
        channel = null;
        old.close();
        DeviceCredentials.delete(stateDir);
        credentials = null;
        agent.useSipIdentity(Optional.empty());
        sync.reset();
        factory = factory.newClaimCode();
        if (renewal != null) {
            renewal.cancel(false);
        }
        state = State.WAITING_FOR_CLAIM;
        LOG.info("station {} was unclaimed (certificate revoked); new claim code {}", factory.deviceId(),
                factory.claimCode().typed());
        executor.execute(this::enroll);
    }

    /**
     * Fetches the cloud's revocation list and keeps it for the mesh (checked offline against peers and callers);
     * again every {@value #CRL_REFRESH_HOURS} hours while connected. A list that cannot be fetched keeps the last one.
     */
    private void cacheRevocations() {
        synchronized (revocations) { // one download at a time (connects and the hourly refresh run it)
            DeviceCredentials c = credentials;
            if (c == null || c.chain().size() < 2) {
                return;
            }
            RevocationList.fetch(c.endpoints().crl(), c.chain().get(1)).ifPresent(crl -> {
                revocations.store(crl);
                LOG.debug("station {}: revocation list of {} kept ({} entries)", factory.deviceId(),
                        crl.getThisUpdate(), crl.getRevokedCertificates() == null ? 0
                                : crl.getRevokedCertificates().size());
            });
            ScheduledFuture<?> last = crlRefresh;
            if ((last == null || last.isDone()) && !executor.isShutdown()) {
                crlRefresh = executor.schedule(() -> {
                    crlRefresh = null; // the next round schedules the one after (or the next connect does)
                    if (channelUp()) {
                        Thread.ofVirtual().name("crl-" + factory.deviceId()).start(this::cacheRevocations);
                    }
                }, CRL_REFRESH_HOURS, TimeUnit.HOURS);
            }
        }
    }

    private void scheduleRenewal() {
        Instant due = Renewal.dueAt(credentials.certificate());
        // never sooner than MIN_RENEWAL_DELAY: a certificate that is due at once must not start a renewal storm
        long delay = Math.max(MIN_RENEWAL_DELAY.toMillis(), Duration.between(clock.instant(), due).toMillis());
        LOG.debug("station {}: certificate renewal due at {}", factory.deviceId(), due);
        renewal = executor.schedule(this::renew, delay, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        if (credentials == null) {
            return;
        }
        try {
            credentials = enroller.renew(credentials, factory.deviceId()).orElseThrow();
            LOG.info("station {} renewed its certificate; valid until {}", factory.deviceId(),
                    credentials.certificate().getNotAfter().toInstant());
            DeviceChannel old = channel;
            old.close();
            connect();
        } catch (RuntimeException e) {
            Duration retry = unreachable.next();
            LOG.warn("station {}: certificate renewal failed ({}); retrying in {} ms", factory.deviceId(),
                    e.getMessage(), retry.toMillis());
            renewal = executor.schedule(this::renew, retry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void publish(Topics.Leaf leaf, Object message, boolean retained) {
        DeviceChannel ch = channel;
        if (ch == null) {
            LOG.debug("station {}: not enrolled yet, {} not sent", factory.deviceId(), leaf.topicName());
            return;
        }
        ch.publish(leaf, message, retained);
    }

    @Override
    public void close() {
        if (updater != null) {
            updater.close();
        }
        // no reconnect from now on, whatever the cloud thread is doing (a connect attempt may take 25 s)
        DeviceChannel open = channel;
        if (open != null) {
            open.stopReconnecting();
        }
        // close the channel on the cloud thread (it owns it), then drop the pending polls and renewals
        var closing = executor.submit(() -> {
            DeviceChannel ch = channel;
            if (ch != null) {
                ch.close();
            }
        });
        try {
            closing.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("station {}: closing the device channel: {}", factory.deviceId(), e.toString());
            // the cloud thread is stuck in an attempt: close from here, or the old session would outlive us
            DeviceChannel ch = channel;
            if (ch != null) {
                ch.close();
            }
        } finally {
            executor.shutdownNow();
            // a delivery in flight is interrupted; its record stays queued (the cloud answers 200 if it got it)
            deliveryThread.shutdownNow();
            try {
                if (!deliveryThread.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("station {}: offline call delivery did not stop within 5 s", factory.deviceId());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            offlineCalls.close();
            enroller.close();
        }
    }
}
