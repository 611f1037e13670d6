package org.openintercom.cloud.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openintercom.cloud.api.Problem;
import org.openintercom.cloud.api.Result;
import org.openintercom.cloud.firmware.FirmwareCatalog;
import org.openintercom.cloud.firmware.FirmwareRelease;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.DeviceQuery;
import org.openintercom.cloud.store.DeviceState;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.provisioning.channel.DeviceStatus;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives rollouts on a {@link Clock}: each {@link #tick()} starts the next wave when the previous one is done
 * (every device final, or the wave timed out) and has soaked; device progress updates the targets and can cross
 * the abort rule; pause, resume, abort and approvals come from operators. It also brings devices that come online
 * to the current release of their model. One lock: every public method runs alone.
 */
public final class RolloutEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);
    private static final Pattern ROLLOUT_ASSIGNMENT = Pattern.compile("r(\\d+)-w(\\d+)");
    /** Assignment ids of current releases start with this. */
    public static final String CURRENT_PREFIX = CurrentReleases.PREFIX;
    private static final String ENGINE = "rollout-engine";

    private final RolloutStore store;
    private final DeviceStore devices;
    private final FirmwareCatalog catalog;
    private final FirmwarePublisher publisher;
    private final AuditLog audit;
    private final Clock clock;
    private final Assignments assignments;
    private final CurrentReleases currentReleases;
    private ScheduledExecutorService ticker;
    private Duration tickPeriod = Duration.ZERO;

    public RolloutEngine(RolloutStore store, DeviceStore devices, OrganisationStore organisations,
            FirmwareCatalog catalog, FirmwarePublisher publisher, AuditLog audit, Clock clock) {
        this.store = store;
        this.devices = devices;
        this.catalog = catalog;
        this.publisher = publisher;
        this.audit = audit;
        this.clock = clock;
        this.assignments = new Assignments(store, organisations, catalog, clock);
        this.currentReleases = new CurrentReleases(store, devices, catalog, publisher, assignments);
    }

    /** Ticks every {@code period} on a daemon thread until {@link #close()}. */
    public synchronized void start(Duration period) {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rollout-engine");
            t.setDaemon(true);
            return t;
        });
        tickPeriod = period;
        ticker.scheduleWithFixedDelay(this::scheduledTick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One more tick when a soak ends between two periodic ticks (only while started). */
    private void tickAfter(Duration delay) {
        if (ticker != null && delay.compareTo(tickPeriod) < 0) {
            ticker.schedule(this::scheduledTick, delay.toMillis() + 1, TimeUnit.MILLISECONDS);
        }
    }

    /** A tick on the ticker thread: an exception is logged, as it would otherwise cancel the schedule. */
    private void scheduledTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("rollout tick failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    public FirmwareCatalog catalog() {
        return catalog;
    }

    public RolloutStore store() {
        return store;
    }

    // ---- operator actions ----

    /**
     * Creates and starts a rollout of a valid {@code plan} (see {@link RolloutPlan#problem()}): the targets are
     * fixed now, in waves by device id; devices busy with another running or paused rollout are left out.
     */
    public synchronized Result<Rollout> create(RolloutPlan plan, String actor) {
        Optional<String> problem = plan.problem();
        if (problem.isPresent()) {
            return Result.refused(Problem.invalid(problem.get()));
        }
        Optional<FirmwareRelease> release = catalog.find(plan.bundleId());
        if (release.isEmpty()) {
            return Result.refused(Problem.notFound("field 'bundleId': no bundle " + plan.bundleId()
                    + " in the firmware repository"));
        }
        List<Device> targets = targets(plan, release.get());
        Map<DeviceId, Integer> waves = new LinkedHashMap<>();
        int n = targets.size();
        for (int i = 0; i < n; i++) {
            int wave = 1;
            while (i >= (int) Math.ceil(n * plan.waves().get(wave - 1) / 100.0)) {
                wave++;
            }
            waves.put(targets.get(i).id(), wave);
        }
        Instant now = clock.instant();
        Rollout r = store.create(plan, release.get().version(), actor, now, waves);
        audit.record(actor, "rollout-create", "rollout:" + r.id(), AuditEntry.Outcome.OK, "bundle "
                + plan.bundleId() + " version " + r.version() + " to " + n + " devices in waves " + plan.waves());
        LOG.info("rollout {} of {} to {} devices in waves {} created by {}", r.id(), r.version(), n, plan.waves(),
                actor);
        advance(r.id());
        return Result.ok(store.find(r.id()).orElseThrow());
    }

    /** Holds a running rollout: no new assignments; assignments not yet installing are withdrawn. */
    public synchronized Result<Rollout> pause(long id, String actor, String reason) {
        return change(id, RolloutState.PAUSED, Set.of(RolloutState.RUNNING), actor, reason == null ? "paused" : reason,
                "rollout-pause");
    }

    /** Continues a paused rollout: withdrawn devices of started waves are assigned again. */
    public synchronized Result<Rollout> resume(long id, String actor) {
        Result<Rollout> r = change(id, RolloutState.RUNNING, Set.of(RolloutState.PAUSED), actor, null,
                "rollout-resume");
        if (!r.isOk()) {
            return r;
        }
        Optional<FirmwareRelease> release = catalog.find(r.value().plan().bundleId());
        if (release.isPresent()) {
            for (RolloutTarget t : store.targets(id)) {
                boolean approvedMeanwhile = t.state() == TargetState.AWAITING_APPROVAL && t.approved();
                if ((t.state() == TargetState.WITHDRAWN || approvedMeanwhile) && t.wave() <= r.value().currentWave()) {
                    offer(r.value(), t, release.get());
                }
            }
        }
        advance(id);
        return Result.ok(store.find(id).orElseThrow());
    }

    /** Stops a rollout for good; assignments not yet installing are withdrawn. */
    public synchronized Result<Rollout> abort(long id, String actor, String reason) {
        return change(id, RolloutState.ABORTED, Set.of(RolloutState.RUNNING, RolloutState.PAUSED), actor,
                reason == null ? "aborted by " + actor : reason, "rollout-abort");
    }

    /**
     * Approves a device with the MANUAL policy for a rollout that is not aborted: it is assigned at once when its
     * wave has started (also after the rollout completed), on resume when the rollout is paused, or with its wave.
     */
    public synchronized Result<RolloutTarget> approve(long id, DeviceId device, String actor) {
        Optional<Rollout> rollout = store.find(id);
        if (rollout.isEmpty()) {
            return Result.refused(Problem.notFound("no rollout " + id));
        }
        Optional<RolloutTarget> target = store.target(id, device);
        if (target.isEmpty()) {
            return Result.refused(Problem.notFound("device " + device + " is not a target of rollout " + id));
        }
        if (rollout.get().state() == RolloutState.ABORTED) {
            return Result.refused(Problem.conflict("rollout " + id + " is ABORTED"));
        }
        TargetState state = target.get().state();
        if (state != TargetState.PENDING && state != TargetState.AWAITING_APPROVAL) {
            return Result.refused(Problem.conflict("device " + device + " is " + state + " in rollout " + id
                    + "; only PENDING or AWAITING_APPROVAL devices can be approved"));
        }
        store.approve(id, device, clock.instant());
        audit.record(actor, "rollout-approve", "device:" + device, AuditEntry.Outcome.OK, "rollout " + id);
        if (state == TargetState.AWAITING_APPROVAL && rollout.get().state() != RolloutState.PAUSED) {
            catalog.find(rollout.get().plan().bundleId()).ifPresent(release ->
                    offer(rollout.get(), store.target(id, device).orElseThrow(), release));
        }
        return Result.ok(store.target(id, device).orElseThrow());
    }

    /** The dashboard data of a rollout. */
    public synchronized Optional<RolloutReport> report(long id) {
        return store.find(id).map(r -> RolloutReport.of(r, store.targets(id)));
    }

    // ---- the clock and the devices ----

    /** Moves every running rollout on as far as the clock and the devices allow. */
    public synchronized void tick() {
        for (Rollout r : store.active()) {
            if (r.state() == RolloutState.RUNNING) {
                advance(r.id());
            }
        }
    }

    /** What a device reported about an assignment (from the {@code update} leaf). */
    public synchronized void onProgress(DeviceId device, UpdateProgress progress) {
        Instant now = clock.instant();
        store.setLastProgress(device, progress.assignmentId(), progress.state().name(), now);
        if (!progress.runningVersion().isBlank()) {
            store.setRunningVersion(device, progress.runningVersion(), now);
        }
        Matcher m = ROLLOUT_ASSIGNMENT.matcher(progress.assignmentId());
        if (!m.matches()) {
            if (progress.state().isFinal()) {
                LOG.info("device {} ended assignment {} with {} {}", device, progress.assignmentId(),
                        progress.state(), progress.reason().orElse(""));
            }
            return;
        }
        long rolloutId = Long.parseLong(m.group(1));
        Optional<RolloutTarget> target = store.target(rolloutId, device);
        if (target.isEmpty() || progress.state() == UpdateProgress.State.UNKNOWN) {
            return;
        }
        TargetState current = target.get().state();
        TargetState next = TargetState.of(progress.state());
        boolean assigned = current.holdsWave() || current.isFinal()
                || current == TargetState.WITHDRAWN && !next.isWithdrawable();
        if (!assigned || current == next && current.isFinal()) {
            return; // stale: never assigned, withdrawn before it started, or a repeated final report
        }
        store.setTargetState(rolloutId, device, next, progress.reason().orElse(null),
                progress.message().orElse(null), progress.percent(), now);
        if (next.isFinal()) {
            LOG.info("rollout {}: device {} {} {}", rolloutId, device, next, progress.reason().orElse(""));
        }
        store.find(rolloutId).filter(r -> !r.state().isFinished()).ifPresent(r -> {
            if (next.isFinal() && r.state() == RolloutState.RUNNING && r.soakUntil() == null) {
                // the last device of a wave ends it now, not at the next tick: the operator sees the wave done (and
                // the soak start) when it is; advance checks the abort rule first
                advance(rolloutId);
            } else {
                checkAbortRule(r);
            }
        });
    }

    /**
     * What a device said about itself on the {@code status} leaf: an ONLINE device's firmware version is recorded,
     * and a device running something else than its model's current release gets that release (policy allowing).
     */
    public synchronized void onStatus(DeviceId device, DeviceStatus status) {
        if (status.state() != DeviceStatus.State.ONLINE) {
            return;
        }
        status.firmware().ifPresent(v -> store.setRunningVersion(device, v, clock.instant()));
        if (!busy(device)) {
            currentReleases.onOnline(device, status.model());
        }
    }

    // ---- internals ----

    private Result<Rollout> change(long id, RolloutState to, Set<RolloutState> from, String actor, String reason,
            String action) {
        Optional<Rollout> r = store.find(id);
        if (r.isEmpty()) {
            return Result.refused(Problem.notFound("no rollout " + id));
        }
        if (!from.contains(r.get().state())) {
            return Result.refused(Problem.conflict("rollout " + id + " is " + r.get().state() + "; it must be "
                    + from.stream().map(Enum::name).sorted().reduce((a, b) -> a + " or " + b).orElse("")));
        }
        Instant now = clock.instant();
        store.setState(id, to, reason, now);
        if (to != RolloutState.RUNNING) {
            withdrawNotStarted(id, to == RolloutState.ABORTED ? "ROLLOUT_ABORTED" : "ROLLOUT_PAUSED");
        }
        audit.record(actor, action, "rollout:" + id, AuditEntry.Outcome.OK, reason);
        LOG.info("rollout {} is {} ({}): {}", id, to, actor, reason);
        return Result.ok(store.find(id).orElseThrow());
    }

    private void withdrawNotStarted(long id, String reason) {
        Instant now = clock.instant();
        for (RolloutTarget t : store.targets(id)) {
            if (t.state().isWithdrawable()) {
                try {
                    publisher.withdraw(t.deviceId());
                } catch (RuntimeException e) {
                    LOG.warn("cannot withdraw the assignment of {}: {}", t.deviceId(), e.getMessage());
                }
                store.setTargetState(id, t.deviceId(), TargetState.WITHDRAWN, reason, null, t.percent(), now);
            }
        }
    }

    private void checkAbortRule(Rollout r) {
        TargetTally tally = store.tally(r.id());
        r.plan().abortRule().crossedBy(tally.failures(), tally.assigned()).ifPresent(why -> {
            String reason = "auto-abort: " + why;
            change(r.id(), RolloutState.ABORTED, Set.of(RolloutState.RUNNING, RolloutState.PAUSED), ENGINE, reason,
                    "rollout-abort");
        });
    }

    /** Moves one running rollout on: first wave, soak, next wave, completion, as far as possible now. */
    private void advance(long id) {
        for (int step = 0; step < 1000; step++) {
            Rollout r = store.find(id).orElseThrow();
            if (r.state() != RolloutState.RUNNING) {
                return;
            }
            checkAbortRule(r);
            r = store.find(id).orElseThrow();
            if (r.state() != RolloutState.RUNNING) {
                return;
            }
            Optional<FirmwareRelease> release = catalog.find(r.plan().bundleId());
            if (release.isEmpty()) {
                change(id, RolloutState.ABORTED, Set.of(RolloutState.RUNNING), ENGINE,
                        "auto-abort: bundle " + r.plan().bundleId() + " is no longer in the repository",
                        "rollout-abort");
                return;
            }
            Instant now = clock.instant();
            int waves = r.plan().waves().size();
            if (r.currentWave() == 0) {
                startWave(r, 1, release.get());
                continue;
            }
            if (r.soakUntil() != null) {
                if (now.isBefore(r.soakUntil())) {
                    return;
                }
                startWave(r, r.currentWave() + 1, release.get());
                continue;
            }
            int current = r.currentWave();
            TargetTally tally = store.tally(id);
            if (tally.of(current, TargetState.PENDING) > 0) {
                for (RolloutTarget t : store.targets(id)) {
                    if (t.wave() == current && t.state() == TargetState.PENDING) {
                        offer(r, t, release.get()); // a publish that failed before
                    }
                }
                tally = store.tally(id);
            }
            boolean done = !tally.holds(current);
            boolean timedOut = !now.isBefore(r.waveStartedAt().plus(r.plan().waveTimeout()));
            if (!done && !timedOut) {
                return;
            }
            if (timedOut && !done) {
                LOG.info("rollout {}: wave {} timed out with {} devices not done", id, current,
                        tally.holding(current));
            }
            if (current >= waves) {
                complete(r);
                return;
            }
            store.soakUntil(id, now.plus(r.plan().soak()), now);
            LOG.info("rollout {}: wave {} done; soaking until {}", id, current, now.plus(r.plan().soak()));
            tickAfter(r.plan().soak());
        }
    }

    private void startWave(Rollout r, int wave, FirmwareRelease release) {
        store.startWave(r.id(), wave, clock.instant());
        Rollout started = store.find(r.id()).orElseThrow();
        int n = 0;
        for (RolloutTarget t : store.targets(r.id())) {
            if (t.wave() == wave && t.state() == TargetState.PENDING) {
                offer(started, t, release);
                n++;
            }
        }
        LOG.info("rollout {}: wave {} started with {} devices", r.id(), wave, n);
    }

    private void complete(Rollout r) {
        RolloutReport report = RolloutReport.of(r, store.targets(r.id()));
        String summary = report.committed() + " of " + report.targets() + " devices committed, " + report.failed()
                + " failed, " + report.skipped() + " skipped";
        store.setState(r.id(), RolloutState.COMPLETED, summary, clock.instant());
        audit.record(ENGINE, "rollout-complete", "rollout:" + r.id(), AuditEntry.Outcome.OK, summary);
        LOG.info("rollout {} completed: {}", r.id(), summary);
    }

    /** Offers the bundle to one target: assigns it, or records why not. */
    private void offer(Rollout r, RolloutTarget t, FirmwareRelease release) {
        Instant now = clock.instant();
        Optional<Device> d = devices.find(t.deviceId());
        if (d.isEmpty() || d.get().state() != DeviceState.ACTIVE) {
            store.setTargetState(r.id(), t.deviceId(), TargetState.SKIPPED, "NOT_CLAIMED",
                    "the device is no longer claimed and enrolled", 0, now);
            return;
        }
        DeviceFirmware firmware = store.firmware(t.deviceId());
        Offer offer = Offer.decide(release, d.get().model(), firmware, t.approved(), catalog);
        switch (offer.kind()) {
            case ALREADY_CURRENT -> store.setTargetState(r.id(), t.deviceId(), TargetState.COMMITTED,
                    Offer.ALREADY_CURRENT, "already runs " + release.version(), 100, now);
            case AWAIT_APPROVAL -> store.setTargetState(r.id(), t.deviceId(), TargetState.AWAITING_APPROVAL,
                    Offer.POLICY_MANUAL, "awaiting approval (policy MANUAL)", 0, now);
            case SKIP -> store.setTargetState(r.id(), t.deviceId(), TargetState.SKIPPED, offer.reason(),
                    skipMessage(offer.reason(), firmware, release), 0, now);
            case ASSIGN -> {
                try {
                    publisher.assign(t.deviceId(), assignments.of(r.assignmentId(t.wave()), release, d.get(), firmware));
                    store.markAssigned(r.id(), t.deviceId(), now);
                } catch (RuntimeException e) {
                    LOG.warn("rollout {}: cannot assign {}: {}", r.id(), t.deviceId(), e.getMessage());
                    store.setTargetState(r.id(), t.deviceId(), TargetState.PENDING, "PUBLISH_FAILED", e.getMessage(),
                            0, now);
                }
            }
        }
    }

    private static String skipMessage(String reason, DeviceFirmware firmware, FirmwareRelease release) {
        return switch (reason) {
            case Offer.POLICY_SECURITY_ONLY -> "policy SECURITY_ONLY and " + release.version()
                    + " is not security-critical";
            case Offer.SECURITY_DOWNGRADE -> "runs " + firmware.runningVersion() + " with a higher security version than "
                    + release.securityVersion();
            case Offer.INCOMPATIBLE -> "the bundle does not run on this model";
            default -> reason;
        };
    }

    /** The claimed devices a plan targets (compatible with the bundle), by id. */
    private List<Device> targets(RolloutPlan plan, FirmwareRelease release) {
        Set<DeviceId> busy = busy();
        return devices.list(DeviceQuery.all()).stream()
                .filter(d -> d.state() == DeviceState.ACTIVE && d.scope() != null && d.model() != null)
                .filter(d -> release.models().contains(d.model()))
                .filter(d -> plan.models().isEmpty() || plan.models().contains(d.model()))
                .filter(d -> plan.siteIds().isEmpty() && plan.projectIds().isEmpty()
                        || plan.siteIds().contains(d.scope().siteId())
                        || plan.projectIds().contains(d.scope().projectId()))
                .filter(d -> !busy.contains(d.id()))
                .sorted(java.util.Comparator.comparing(d -> d.id().value()))
                .toList();
    }

    /** Devices with an unfinished assignment (or one still to come) in a running or paused rollout. */
    private Set<DeviceId> busy() {
        Set<DeviceId> busy = new HashSet<>();
        for (Rollout r : store.active()) {
            for (RolloutTarget t : store.targets(r.id())) {
                if (keepsBusy(t)) {
                    busy.add(t.deviceId());
                }
            }
        }
        return busy;
    }

    /** {@link #busy()} for one device: its own targets only (a status report must not read whole rollouts). */
    private boolean busy(DeviceId device) {
        Set<Long> active = store.active().stream().map(Rollout::id).collect(Collectors.toSet());
        return store.targetsOf(device).stream().anyMatch(t -> active.contains(t.rolloutId()) && keepsBusy(t));
    }

    private static boolean keepsBusy(RolloutTarget t) {
        return t.state().holdsWave() || t.state() == TargetState.AWAITING_APPROVAL
                || t.state() == TargetState.WITHDRAWN;
    }
}
