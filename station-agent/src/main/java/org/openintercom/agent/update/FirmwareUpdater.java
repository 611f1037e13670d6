package org.openintercom.agent.update;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.openintercom.agent.cloud.Backoff;
import org.openintercom.agent.config.UpdateSettings;
import org.openintercom.ota.Compatibility;
import org.openintercom.ota.FirmwareVersion;
import org.openintercom.ota.Manifest;
import org.openintercom.provisioning.channel.ChannelFormatException;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.channel.MaintenanceWindow;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.channel.UpdateProgress.State;
import org.openintercom.provisioning.pki.SslContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's firmware update state machine (docs/ota.md, "Device state machine"): takes the cloud's firmware
 * assignment, downloads and verifies the bundle, waits for the maintenance window and for no call, installs into
 * the inactive slot, reboots into it once, and after the reboot runs the health check and commits, or lets the
 * boot loader fall back and reports the rollback. Every step is persisted ({@link UpdateRecord}) before it starts,
 * so a power cut at any point resumes where it was. All work runs on one worker thread.
 */
public final class FirmwareUpdater implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdater.class);
    /** Reason of a rollback after a failed or interrupted trial. */
    public static final String HEALTH_CHECK_FAILED = "HEALTH_CHECK_FAILED";
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
    private static final int PROGRESS_STEP = 5;

    private final SlotDriver slots;
    private final UpdateSettings settings;
    private final X509Certificate releaseRoot;
    private final String model;
    private final String hardwareRevision;
    private final String fallbackVersion;
    private final URI deviceApi;
    private final Supplier<SSLContext> tls;
    private final Clock clock;
    private final ScheduledExecutorService worker;
    private final Consumer<UpdateProgress> report;
    private final Runnable reboot;
    private final BooleanSupplier callInProgress;
    private final List<HealthCheck> checks;
    private final PatchApplier patches;
    private final FreeSpace freeSpace;
    private final Duration poll;
    private final RandomGenerator random;
    private final Path stateFile;

    /** The latest assignment from the cloud (null: none heard of yet; empty: withdrawn). */
    private volatile Optional<FirmwareAssignment> wanted;
    private volatile UpdateProgress last;
    private volatile BootOutcome boot;
    // confined to the worker thread
    private UpdateRecord record;
    private FirmwareAssignment pending;
    private Manifest manifest;
    private ScheduledFuture<?> waiting;
    private String waitingFor = "";
    private int lastPercent = -1;
    private Instant lastProgressAt = Instant.EPOCH;

    private FirmwareUpdater(Builder b) {
        this.slots = Objects.requireNonNull(b.slots, "slots");
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.releaseRoot = Objects.requireNonNull(b.releaseRoot, "releaseRoot");
        this.model = Objects.requireNonNull(b.model, "model");
        this.hardwareRevision = Objects.requireNonNull(b.hardwareRevision, "hardwareRevision");
        this.fallbackVersion = Objects.requireNonNull(b.fallbackVersion, "fallbackVersion");
        this.deviceApi = Objects.requireNonNull(b.deviceApi, "deviceApi");
        this.tls = Objects.requireNonNull(b.tls, "tls");
        this.clock = b.clock;
        this.worker = Objects.requireNonNull(b.worker, "worker");
        this.report = b.report;
        this.reboot = Objects.requireNonNull(b.reboot, "reboot");
        this.callInProgress = b.callInProgress;
        this.checks = List.copyOf(b.checks);
        this.patches = b.patches;
        this.freeSpace = b.freeSpace;
        this.poll = b.poll;
        this.random = b.random;
        this.stateFile = settings.downloadDir().resolve(UpdateRecord.FILE);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The boot loader's decision ({@link SlotDriver#boot()}), then, on the worker: the health check of a trial,
     * the report of a rollback, or the resumption of an unfinished update. Call once at start.
     */
    public BootOutcome start() {
        BootOutcome outcome = slots.boot();
        boot = outcome;
        Optional<UpdateRecord> kept = UpdateRecord.load(stateFile);
        worker.execute(() -> {
            record = kept.orElse(null);
            resume(outcome);
        });
        return outcome;
    }

    /** A message on the {@code firmware} topic: an assignment, or an empty payload that withdraws it. */
    public void onFirmwareMessage(byte[] payload) {
        if (payload.length == 0) {
            onAssignment(Optional.empty());
            return;
        }
        try {
            onAssignment(Optional.of(ChannelJson.decode(payload, FirmwareAssignment.class)));
        } catch (ChannelFormatException e) {
            LOG.warn("unreadable firmware assignment: {}", e.getMessage());
        }
    }

    /** The cloud's assignment (empty: withdrawn). A download under way for another assignment stops soon. */
    public void onAssignment(Optional<FirmwareAssignment> assignment) {
        wanted = assignment;
        if (worker.isShutdown()) {
            return; // stopping: the retained assignment comes again after the next start
        }
        worker.execute(() -> handle(assignment));
    }

    /** The version of the running slot's image (or the configured version when the slot does not say). */
    public String runningVersion() {
        return runningImage().map(SlotImage::version).orElse(fallbackVersion);
    }

    /** The last progress reported, if any. */
    public Optional<UpdateProgress> lastProgress() {
        return Optional.ofNullable(last);
    }

    /** Stops the worker (a download under way is resumed at the next start). */
    @Override
    public void close() {
        worker.shutdownNow();
    }

    private Optional<SlotImage> runningImage() {
        try {
            return slots.image(slots.running());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    // ---- events ------------------------------------------------------------------------------------------------

    private void resume(BootOutcome outcome) {
        if (outcome.trial()) {
            if (record != null && !record.state().isFinal()) {
                move(State.HEALTH_CHECK, 100);
            }
            new TrialCheck(checks, clock, settings.healthDeadline(), poll, worker, this::trialPassed,
                    this::trialFailed).run();
            return;
        }
        if (record == null || record.state().isFinal()) {
            return;
        }
        if (outcome.rolledBackFrom().isPresent()) {
            finish(State.ROLLED_BACK, record.reason().orElse(HEALTH_CHECK_FAILED), record.message().orElse(
                    "the trial of slot " + outcome.rolledBackFrom().get() + " ended without a commit (restarted "
                    + "before the health check passed); slot " + outcome.slot() + " runs again"));
            return;
        }
        switch (record.state()) {
            case REBOOTING, HEALTH_CHECK -> {
                boolean runsNew = record.payloadSha256().isPresent() && runningImage().map(SlotImage::sha256)
                        .equals(record.payloadSha256());
                if (record.reason().isPresent() || !runsNew && record.state() == State.HEALTH_CHECK) {
                    finish(State.ROLLED_BACK, record.reason().orElse(HEALTH_CHECK_FAILED), record.message()
                            .orElse("the trial ended without a commit; slot " + outcome.slot() + " runs again"));
                } else if (runsNew) {
                    finish(State.COMMITTED, null, "committed; running " + runningVersion());
                } else {
                    record = record.in(State.VERIFYING);
                    proceed();
                }
            }
            default -> proceed();
        }
    }

    private void handle(Optional<FirmwareAssignment> assignment) {
        if (assignment.isEmpty()) {
            pending = null;
            if (record != null && cancellable(record.state())) {
                LOG.info("firmware assignment {} withdrawn: stopped at {}", record.assignment().id(), record.state());
                cancel();
            }
            return;
        }
        FirmwareAssignment a = assignment.get();
        if (record != null && record.assignment().id().equals(a.id())) {
            return; // the same assignment: under way already, or done (final states are kept)
        }
        if (record != null && !record.state().isFinal()) {
            if (!cancellable(record.state())) {
                LOG.info("firmware assignment {} waits: {} is {}", a.id(), record.assignment().id(), record.state());
                pending = a;
                return;
            }
            LOG.info("firmware assignment {} replaces {}", a.id(), record.assignment().id());
            cancel();
        }
        LOG.info("firmware assignment {}: version {} from {}", a.id(), a.version(), a.bundlePath());
        record = UpdateRecord.start(a);
        lastPercent = -1;
        proceed();
    }

    private static boolean cancellable(State s) {
        return s == State.DOWNLOADING || s == State.VERIFYING || s == State.WAITING_TO_INSTALL;
    }

    private void cancel() {
        if (waiting != null) {
            waiting.cancel(false);
        }
        deleteJob(record.assignment());
        try {
            Files.deleteIfExists(stateFile);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", stateFile, e.getMessage());
        }
        record = null;
        manifest = null;
    }

    // ---- steps -------------------------------------------------------------------------------------------------

    /** Runs the steps from where the record stands until the update waits, reboots or ends. */
    private void proceed() {
        FirmwareAssignment a = record.assignment();
        try {
            if (record.state() == State.DOWNLOADING || record.state() == State.VERIFYING) {
                download(a);
            }
            if (record.state() == State.WAITING_TO_INSTALL || record.state() == State.INSTALLING) {
                waitOrInstall();
            }
        } catch (UpdateAbort e) {
            if (!stopping(a)) {
                finish(e.state(), e.reason(), e.getMessage());
            }
        } catch (UpdateAbort.Cancelled e) {
            LOG.info("firmware assignment {}: download stopped", a.id());
        } catch (UncheckedIOException e) {
            if (!stopping(a)) {
                UpdateAbort io = UpdateAbort.io("firmware update", e.getCause());
                finish(io.state(), io.reason(), io.getMessage());
            }
        } catch (RuntimeException e) {
            // a bug or a port that broke its contract: end the update rather than leave it stuck
            if (!stopping(a)) {
                LOG.error("firmware assignment {}: unexpected failure at {}", a.id(), record.state(), e);
                finish(State.FAILED, "INTERNAL_ERROR", e.toString());
            }
        }
    }

    /**
     * Whether the worker is being stopped (the agent shuts down): an I/O error caused by the interrupt is not the
     * update's failure; the step resumes at the next start.
     */
    private boolean stopping(FirmwareAssignment a) {
        if (Thread.currentThread().isInterrupted() || worker.isShutdown()) {
            LOG.info("firmware assignment {}: stopped at {}; resumes at the next start", a.id(), record.state());
            return true;
        }
        return false;
    }

    private void download(FirmwareAssignment a) {
        move(State.DOWNLOADING, Math.max(0, lastPercent));
        HttpClient http = httpClient();
        try {
            BundleDownloader d = downloader(a, http);
            Manifest m = d.manifest(a, releaseRoot, clock.instant()).manifest();
            SlotImage running = runningImage().orElse(null);
            if (running != null && running.sha256().equals(m.payloadSha256())) {
                // e.g. a rollout reaching a station that a claim-time update already brought there
                finish(State.COMMITTED, null, "already running " + m.version());
                return;
            }
            Compatibility.Result fit = Compatibility.check(m, model, hardwareRevision, parse(runningVersion()),
                    running == null ? 0 : running.securityVersion());
            if (!fit.ok()) {
                throw UpdateAbort.refused(fit.reason().name(), fit.message());
            }
            BundleDownloader.DeltaSource delta = deltaFor(a, running);
            for (int round = 0; ; round++) {
                d.payload(a, m, delta, this::onChunks);
                move(State.VERIFYING, 100);
                List<Integer> bad = d.verify(m);
                if (bad.isEmpty()) {
                    break;
                }
                if (round >= settings.maxChunkRefetches()) {
                    throw UpdateAbort.failed("PAYLOAD_MISMATCH", "chunks " + bad + " are damaged on the disk again"
                            + " after " + (round + 1) + " downloads");
                }
                LOG.warn("firmware {}: chunks {} are damaged on the disk; fetching them again", a.version(), bad);
                move(State.DOWNLOADING, lastPercent);
            }
            manifest = m;
            record = record.verified(m.payloadSha256());
            save();
            LOG.info("firmware {} downloaded and verified ({} damaged chunks fetched again, {} requests)",
                    m.version(), d.badChunks(), d.requests());
        } finally {
            http.shutdownNow(); // close() would wait for the client's threads
        }
    }

    private BundleDownloader.DeltaSource deltaFor(FirmwareAssignment a, SlotImage running) {
        if (a.delta().isEmpty() || running == null || patches == PatchApplier.NONE
                || !a.delta().get().basePayloadSha256().equals(running.sha256())) {
            return null;
        }
        return slots.imageFile(slots.running())
                .map(base -> new BundleDownloader.DeltaSource(a.delta().get(), base, patches)).orElse(null);
    }

    private void onChunks(int done, int total) {
        int percent = total == 0 ? 100 : (int) (done * 100L / total);
        Instant now = clock.instant();
        if (percent >= lastPercent + PROGRESS_STEP || percent == 100 && lastPercent < 100
                || Duration.between(lastProgressAt, now).compareTo(PROGRESS_INTERVAL) >= 0) {
            lastPercent = percent;
            lastProgressAt = now;
            publish(State.DOWNLOADING, percent, null, null);
        }
    }

    private void waitOrInstall() {
        if (manifest == null) {
            HttpClient http = httpClient();
            try {
                manifest = downloader(record.assignment(), http).manifest(record.assignment(), releaseRoot,
                        clock.instant()).manifest();
            } finally {
                http.shutdownNow();
            }
        }
        String blocker = blocker();
        if (!blocker.isEmpty()) {
            if (record.state() != State.WAITING_TO_INSTALL || !blocker.equals(waitingFor)) {
                waitingFor = blocker;
                record = record.in(State.WAITING_TO_INSTALL);
                save();
                publish(State.WAITING_TO_INSTALL, 100, null, blocker);
            }
            String id = record.assignment().id();
            waiting = worker.schedule(() -> {
                if (record != null && record.assignment().id().equals(id)
                        && record.state() == State.WAITING_TO_INSTALL) {
                    proceed();
                }
            }, poll.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        waitingFor = "";
        install();
    }

    /** Why the station may not install now ("" when it may). */
    private String blocker() {
        Optional<MaintenanceWindow> window = record.assignment().installWindow();
        Instant now = clock.instant();
        if (window.isPresent() && !window.get().contains(now)) {
            return "waiting for the maintenance window (opens " + window.get().nextOpening(now) + ")";
        }
        try {
            if (callInProgress.getAsBoolean()) {
                return "waiting for the call to end";
            }
        } catch (RuntimeException e) {
            return "waiting: cannot tell whether a call is in progress (" + e.getMessage() + ")";
        }
        return "";
    }

    private void install() {
        move(State.INSTALLING, 100);
        Manifest m = manifest;
        Slot target = slots.running().other();
        try (SlotDriver.InstallWriter w = slots.install()) {
            downloader(record.assignment(), null).copyPayload(w.out()); // local: no HTTP
            w.complete(new SlotImage(m.version().toString(), m.securityVersion(), m.payloadSha256()));
        } catch (IllegalStateException e) {
            throw UpdateAbort.failed("INSTALL_FAILED", e.getMessage());
        }
        slots.tryOnce(target);
        move(State.REBOOTING, 100);
        LOG.info("firmware {} installed in slot {}; rebooting into it for a trial", m.version(), target);
        reboot.run();
    }

    private void trialPassed() {
        slots.commit();
        LOG.info("slot {} passed its health check and is committed ({})", slots.running(), runningVersion());
        if (record != null && !record.state().isFinal()) {
            finish(State.COMMITTED, null, "committed; running " + runningVersion());
        }
    }

    private void trialFailed(String why) {
        LOG.warn("slot {} failed its health check ({}); restarting without a commit", slots.running(), why);
        if (record != null && !record.state().isFinal()) {
            record = record.ended(State.HEALTH_CHECK, HEALTH_CHECK_FAILED, why);
            save();
            publish(State.HEALTH_CHECK, 100, HEALTH_CHECK_FAILED, why);
        }
        reboot.run();
    }

    // ---- state and reports -------------------------------------------------------------------------------------

    private void move(State next, int percent) {
        record = record.in(next);
        save();
        publish(next, percent, null, null);
    }

    private void finish(State state, String reason, String message) {
        if (waiting != null) {
            waiting.cancel(false);
        }
        record = record.ended(state, reason, message);
        save();
        if (state.isFailure()) {
            LOG.warn("firmware assignment {} ({}): {} {}: {}", record.assignment().id(), record.assignment().version(),
                    state, reason, message);
        } else {
            LOG.info("firmware assignment {} ({}): {}", record.assignment().id(), record.assignment().version(), state);
        }
        publish(state, 100, reason, message);
        deleteJob(record.assignment());
        manifest = null;
        if (pending != null) {
            FirmwareAssignment next = pending;
            pending = null;
            handle(Optional.of(next));
        }
    }

    private void save() {
        record.save(stateFile);
    }

    private void publish(State state, int percent, String reason, String message) {
        UpdateProgress p = new UpdateProgress(record.assignment().id(), record.assignment().version(), state,
                Math.min(100, Math.max(0, percent)), Optional.ofNullable(reason), Optional.ofNullable(message),
                runningVersion(), clock.instant());
        last = p;
        report.accept(p);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private HttpClient httpClient() {
        SSLContext context = tls.get();
        return HttpClient.newBuilder().sslContext(context).sslParameters(SslContexts.clientParameters(context))
                .connectTimeout(Duration.ofSeconds(15)).build();
    }

    private BundleDownloader downloader(FirmwareAssignment a, HttpClient http) {
        String id = a.id();
        BooleanSupplier cancelled = () -> {
            Optional<FirmwareAssignment> w = wanted;
            return w != null && (w.isEmpty() || !w.get().id().equals(id));
        };
        RangeClient client = new RangeClient(http, deviceApi, settings.maxAttempts(),
                new Backoff(settings.retryMin(), settings.retryMax(), random), cancelled);
        return new BundleDownloader(client, jobDir(a), freeSpace, settings.maxChunkRefetches());
    }

    private Path jobDir(FirmwareAssignment a) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(a.bundlePath().getBytes(StandardCharsets.UTF_8));
            return settings.downloadDir().resolve(HexFormat.of().formatHex(h, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void deleteJob(FirmwareAssignment a) {
        Path dir = jobDir(a);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove the download folder {}: {}", dir, e.getMessage());
        }
    }

    private static FirmwareVersion parse(String version) {
        try {
            return FirmwareVersion.parse(version);
        } catch (RuntimeException e) {
            return FirmwareVersion.parse("0.0.0");
        }
    }

    /** Collects what an updater needs; everything but the clock, call check, checks and ports is required. */
    public static final class Builder {
        private SlotDriver slots;
        private UpdateSettings settings;
        private X509Certificate releaseRoot;
        private String model;
        private String hardwareRevision;
        private String fallbackVersion = "0.0.0";
        private URI deviceApi;
        private Supplier<SSLContext> tls;
        private Clock clock = Clock.systemUTC();
        private ScheduledExecutorService worker;
        private Consumer<UpdateProgress> report = p -> { };
        private Runnable reboot;
        private BooleanSupplier callInProgress = () -> false;
        private List<HealthCheck> checks = List.of();
        private PatchApplier patches = PatchApplier.NONE;
        private FreeSpace freeSpace = FreeSpace.FILE_STORE;
        private Duration poll = Duration.ofSeconds(1);
        private RandomGenerator random = RandomGenerator.getDefault();

        private Builder() {
        }

        public Builder slots(SlotDriver s) {
            this.slots = s;
            return this;
        }

        public Builder settings(UpdateSettings s) {
            this.settings = s;
            return this;
        }

        /** The release CA root: the only anchor for firmware signatures. */
        public Builder releaseRoot(X509Certificate root) {
            this.releaseRoot = root;
            return this;
        }

        /** The device's model id and hardware revision (from its factory data). */
        public Builder device(String modelId, String revision) {
            this.model = modelId;
            this.hardwareRevision = revision;
            return this;
        }

        /** The version reported when the running slot does not say (a station that never updated). */
        public Builder fallbackVersion(String v) {
            this.fallbackVersion = v;
            return this;
        }

        /** The device API and the device's own mutual-TLS context (asked at each download: it may be renewed). */
        public Builder deviceApi(URI api, Supplier<SSLContext> context) {
            this.deviceApi = api;
            this.tls = context;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /** The single thread the updater works on (it owns it: {@link #close()} shuts it down). */
        public Builder worker(ScheduledExecutorService w) {
            this.worker = w;
            return this;
        }

        /** Where progress goes (published retained on {@code update}). */
        public Builder report(Consumer<UpdateProgress> r) {
            this.report = r;
            return this;
        }

        /** Restarts the station (the agent exits with 75; an in-process station is closed and started again). */
        public Builder reboot(Runnable r) {
            this.reboot = r;
            return this;
        }

        public Builder callInProgress(BooleanSupplier c) {
            this.callInProgress = c;
            return this;
        }

        public Builder healthChecks(List<HealthCheck> c) {
            this.checks = c;
            return this;
        }

        public Builder patches(PatchApplier p) {
            this.patches = p;
            return this;
        }

        public Builder freeSpace(FreeSpace f) {
            this.freeSpace = f;
            return this;
        }

        /** How often waiting (window, call) and health checks are looked at again; default 1 s. */
        public Builder pollInterval(Duration d) {
            this.poll = d;
            return this;
        }

        public Builder random(RandomGenerator r) {
            this.random = r;
            return this;
        }

        public FirmwareUpdater build() {
            return new FirmwareUpdater(this);
        }
    }
}
