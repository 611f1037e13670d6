package org.openintercom.cloud.rollout;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openintercom.cloud.api.Problem;
import org.openintercom.cloud.api.Result;
import org.openintercom.cloud.auth.Action;
import org.openintercom.cloud.auth.Decision;
import org.openintercom.cloud.auth.Permissions;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.cloud.firmware.FirmwareRelease;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.DeviceState;
import org.openintercom.cloud.store.DeviceStore;
import org.openintercom.cloud.store.OrganisationStore;
import org.openintercom.cloud.store.Project;
import org.openintercom.cloud.store.Site;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * The rollout API's rules: who may create, see and steer rollouts (RELEASE to change, READ to look, on every site
 * and project a rollout targets, or on the whole system for a rollout without sites or projects), and device
 * policies, site maintenance windows and current releases, each checked and audited.
 */
public final class RolloutService {

    private final RolloutEngine engine;
    private final RolloutStore store;
    private final DeviceStore devices;
    private final OrganisationStore organisations;
    private final AuditLog audit;
    private final Clock clock;

    public RolloutService(RolloutEngine engine, DeviceStore devices, OrganisationStore organisations, AuditLog audit,
            Clock clock) {
        this.engine = engine;
        this.store = engine.store();
        this.devices = devices;
        this.organisations = organisations;
        this.audit = audit;
        this.clock = clock;
    }

    public RolloutEngine engine() {
        return engine;
    }

    // ---- rollouts ----

    public Result<RolloutReport> create(Principal caller, RolloutPlan plan) {
        Optional<String> problem = plan.problem();
        if (problem.isPresent()) {
            return Result.refused(Problem.invalid(problem.get()));
        }
        Result<List<Scope>> scopes = scopesOf(plan);
        if (!scopes.isOk()) {
            return Result.refused(scopes.problem());
        }
        Optional<Problem> refused = check(caller, Action.RELEASE, scopes.value());
        if (refused.isPresent()) {
            audit.record(caller.username(), "rollout-create", "bundle:" + plan.bundleId(), AuditEntry.Outcome.REFUSED,
                    refused.get().detail());
            return Result.refused(refused.get());
        }
        Result<Rollout> r = engine.create(plan, caller.username());
        return r.isOk() ? Result.ok(engine.report(r.value().id()).orElseThrow()) : Result.refused(r.problem());
    }

    /** The rollouts the caller may read, newest first. */
    public List<Rollout> list(Principal caller) {
        return store.all().stream().filter(r -> scopesOf(r.plan()).isOk()
                && check(caller, Action.READ, scopesOf(r.plan()).value()).isEmpty()).toList();
    }

    /** The dashboard data of a rollout. */
    public Result<RolloutReport> get(Principal caller, long id) {
        Result<Rollout> r = allowed(caller, Action.READ, id);
        return r.isOk() ? Result.ok(engine.report(id).orElseThrow()) : Result.refused(r.problem());
    }

    public Result<RolloutReport> pause(Principal caller, long id, String reason) {
        Result<Rollout> r = allowed(caller, Action.RELEASE, id);
        return r.isOk() ? report(engine.pause(id, caller.username(), reason)) : Result.refused(r.problem());
    }

    public Result<RolloutReport> resume(Principal caller, long id) {
        Result<Rollout> r = allowed(caller, Action.RELEASE, id);
        return r.isOk() ? report(engine.resume(id, caller.username())) : Result.refused(r.problem());
    }

    public Result<RolloutReport> abort(Principal caller, long id, String reason) {
        Result<Rollout> r = allowed(caller, Action.RELEASE, id);
        return r.isOk() ? report(engine.abort(id, caller.username(), reason)) : Result.refused(r.problem());
    }

    /** Approves one device with the MANUAL policy for a rollout. */
    public Result<RolloutTarget> approve(Principal caller, long id, DeviceId device) {
        Result<Rollout> r = allowed(caller, Action.READ, id);
        if (!r.isOk()) {
            return Result.refused(r.problem());
        }
        Result<Device> d = claimed(caller, Action.RELEASE, device);
        return d.isOk() ? engine.approve(id, device, caller.username()) : Result.refused(d.problem());
    }

    // ---- policies ----

    public Result<DeviceFirmware> policy(Principal caller, DeviceId device) {
        Result<Device> d = claimed(caller, Action.READ, device);
        return d.isOk() ? Result.ok(store.firmware(device)) : Result.refused(d.problem());
    }

    public Result<DeviceFirmware> setPolicy(Principal caller, DeviceId device, UpdatePolicy policy) {
        if (policy == null) {
            return Result.refused(Problem.invalid("field 'policy' must be one of ALL, SECURITY_ONLY, MANUAL"));
        }
        Result<Device> d = claimed(caller, Action.RELEASE, device);
        if (!d.isOk()) {
            return Result.refused(d.problem());
        }
        store.setPolicy(device, policy, clock.instant());
        audit.record(caller.username(), "update-policy", "device:" + device, AuditEntry.Outcome.OK, policy.name());
        return Result.ok(store.firmware(device));
    }

    // ---- maintenance windows ----

    /** A site's window, empty when it has none. */
    public Result<Optional<SiteWindow>> window(Principal caller, long siteId) {
        Result<Site> s = site(caller, Action.READ, siteId);
        return s.isOk() ? Result.ok(store.window(siteId)) : Result.refused(s.problem());
    }

    public Result<SiteWindow> setWindow(Principal caller, long siteId, LocalTime start, LocalTime end,
            Set<DayOfWeek> days) {
        if (start == null || end == null) {
            return Result.refused(Problem.invalid("fields 'start' and 'end' are required (HH:MM, the site's time)"));
        }
        if (start.equals(end)) {
            return Result.refused(Problem.invalid("fields 'start' and 'end' are both " + start
                    + ": the window would be empty"));
        }
        Result<Site> s = site(caller, Action.RELEASE, siteId);
        if (!s.isOk()) {
            return Result.refused(s.problem());
        }
        SiteWindow w = new SiteWindow(siteId, start.withSecond(0).withNano(0), end.withSecond(0).withNano(0), days);
        store.setWindow(w, clock.instant());
        audit.record(caller.username(), "maintenance-window", "site:" + siteId, AuditEntry.Outcome.OK,
                w.start() + "-" + w.end() + " " + w.days());
        return Result.ok(w);
    }

    public Result<Boolean> removeWindow(Principal caller, long siteId) {
        Result<Site> s = site(caller, Action.RELEASE, siteId);
        if (!s.isOk()) {
            return Result.refused(s.problem());
        }
        if (!store.removeWindow(siteId)) {
            return Result.refused(Problem.notFound("site " + siteId + " has no maintenance window"));
        }
        audit.record(caller.username(), "maintenance-window", "site:" + siteId, AuditEntry.Outcome.OK, "removed");
        return Result.ok(true);
    }

    /** The zone a site's window is in. */
    public Optional<Site> findSite(long siteId) {
        return organisations.findSite(siteId);
    }

    // ---- current releases ----

    /** The current releases the caller may see (the defaults for every project, and those of its projects). */
    public List<CurrentRelease> currentReleases(Principal caller) {
        return store.currentReleases().stream().filter(r -> r.projectId() == CurrentRelease.ANY_PROJECT
                || projectScope(r.projectId()).map(s -> Permissions.check(caller, Action.READ, s).allowed())
                        .orElse(false)).toList();
    }

    /** Sets the release devices of {@code model} (in {@code projectId}, or everywhere when null) are brought to. */
    public Result<CurrentRelease> setCurrentRelease(Principal caller, String model, Long projectId, String bundleId) {
        if (model == null || !model.matches("[A-Za-z0-9._-]{1,64}")) {
            return Result.refused(Problem.invalid("field 'model' must be a model name, was " + model));
        }
        if (bundleId == null || !bundleId.matches("[0-9a-f]{64}")) {
            return Result.refused(Problem.invalid("field 'bundleId' must be 64 lower-case hex digits, was " + bundleId));
        }
        Scope scope = Scope.system();
        if (projectId != null) {
            Optional<Scope> p = projectScope(projectId);
            if (p.isEmpty()) {
                return Result.refused(Problem.notFound("field 'projectId': no project " + projectId));
            }
            scope = p.get();
        }
        Decision decision = Permissions.check(caller, Action.RELEASE, scope);
        if (!decision.allowed()) {
            return Result.refused(Problem.forbidden(decision.reason()));
        }
        Optional<FirmwareRelease> release = engine.catalog().find(bundleId);
        if (release.isEmpty()) {
            return Result.refused(Problem.notFound("field 'bundleId': no bundle " + bundleId
                    + " in the firmware repository"));
        }
        if (!release.get().models().contains(model)) {
            return Result.refused(Problem.invalid("field 'model': bundle " + release.get().version()
                    + " runs on " + release.get().models() + ", not on " + model));
        }
        CurrentRelease r = new CurrentRelease(model, projectId == null ? CurrentRelease.ANY_PROJECT : projectId,
                bundleId, caller.username(), clock.instant());
        store.setCurrentRelease(r);
        audit.record(caller.username(), "current-release", "model:" + model, AuditEntry.Outcome.OK,
                release.get().version() + (projectId == null ? "" : " in project " + projectId));
        return Result.ok(r);
    }

    // ---- checks ----

    private Result<RolloutReport> report(Result<Rollout> r) {
        return r.isOk() ? Result.ok(engine.report(r.value().id()).orElseThrow()) : Result.refused(r.problem());
    }

    private Result<Rollout> allowed(Principal caller, Action action, long id) {
        Optional<Rollout> r = store.find(id);
        if (r.isEmpty()) {
            return Result.refused(Problem.notFound("no rollout " + id));
        }
        Result<List<Scope>> scopes = scopesOf(r.get().plan());
        List<Scope> where = scopes.isOk() ? scopes.value() : List.of(Scope.system());
        Optional<Problem> refused = check(caller, action, where);
        if (refused.isPresent()) {
            return Result.refused(action == Action.READ ? Problem.notFound("no rollout " + id) : refused.get());
        }
        return Result.ok(r.get());
    }

    /** The scopes a plan touches: its sites and projects, or the whole system. */
    private Result<List<Scope>> scopesOf(RolloutPlan plan) {
        if (plan.siteIds().isEmpty() && plan.projectIds().isEmpty()) {
            return Result.ok(List.of(Scope.system()));
        }
        List<Scope> scopes = new ArrayList<>();
        for (Long siteId : plan.siteIds()) {
            Optional<Site> s = organisations.findSite(siteId);
            if (s.isEmpty()) {
                return Result.refused(Problem.notFound("field 'siteIds': no site " + siteId));
            }
            scopes.add(s.get().scope());
        }
        for (Long projectId : plan.projectIds()) {
            Optional<Scope> p = projectScope(projectId);
            if (p.isEmpty()) {
                return Result.refused(Problem.notFound("field 'projectIds': no project " + projectId));
            }
            scopes.add(p.get());
        }
        return Result.ok(scopes);
    }

    private Optional<Scope> projectScope(long projectId) {
        return organisations.findProject(projectId).map((Project p) -> Scope.project(p.companyId(), p.id()));
    }

    private static Optional<Problem> check(Principal caller, Action action, List<Scope> scopes) {
        for (Scope s : scopes) {
            Decision d = Permissions.check(caller, action, s);
            if (!d.allowed()) {
                return Optional.of(Problem.forbidden(d.reason()));
            }
        }
        return Optional.empty();
    }

    private Result<Device> claimed(Principal caller, Action action, DeviceId id) {
        Optional<Device> d = devices.find(id).filter(x -> x.state() != DeviceState.UNCLAIMED && x.scope() != null);
        if (d.isEmpty() || !Permissions.canSee(caller, d.get().scope())) {
            return Result.refused(Problem.notFound("no claimed device " + id));
        }
        Decision decision = Permissions.check(caller, action, d.get().scope());
        return decision.allowed() ? Result.ok(d.get()) : Result.refused(Problem.forbidden(decision.reason()));
    }

    private Result<Site> site(Principal caller, Action action, long siteId) {
        Optional<Site> s = organisations.findSite(siteId);
        if (s.isEmpty() || !Permissions.canSee(caller, s.get().scope())) {
            return Result.refused(Problem.notFound("no site " + siteId));
        }
        Decision decision = Permissions.check(caller, action, s.get().scope());
        return decision.allowed() ? Result.ok(s.get()) : Result.refused(Problem.forbidden(decision.reason()));
    }
}
