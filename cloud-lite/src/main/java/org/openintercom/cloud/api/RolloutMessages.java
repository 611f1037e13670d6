package org.openintercom.cloud.api;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openintercom.cloud.rollout.CurrentRelease;
import org.openintercom.cloud.rollout.DeviceFirmware;
import org.openintercom.cloud.rollout.Rollout;
import org.openintercom.cloud.rollout.RolloutReport;
import org.openintercom.cloud.rollout.RolloutTarget;
import org.openintercom.cloud.rollout.SiteWindow;
import org.openintercom.cloud.rollout.TargetState;
import org.openintercom.cloud.rollout.UpdatePolicy;

/** The JSON bodies of the rollout endpoints (see docs/cloud-api.md, "Rollouts and policies"). */
final class RolloutMessages {

    private RolloutMessages() {
    }

    record AbortRuleBody(Integer maxFailurePercent, Integer maxFailures) { }

    record RolloutRequest(String bundleId, List<String> models, List<Long> siteIds, List<Long> projectIds,
            List<Integer> waves, Long soakSeconds, Long waveTimeoutSeconds, AbortRuleBody abortRule) {

        Duration soak() {
            return soakSeconds == null ? Duration.ZERO : Duration.ofSeconds(soakSeconds);
        }

        Duration waveTimeout() {
            return waveTimeoutSeconds == null ? null : Duration.ofSeconds(waveTimeoutSeconds);
        }
    }

    record ReasonRequest(String reason) { }

    record PolicyRequest(UpdatePolicy policy) { }

    record WindowRequest(String start, String end, List<DayOfWeek> days) { }

    record CurrentReleaseRequest(String model, Long projectId, String bundleId) { }

    record RolloutView(long id, String bundleId, String version, String state, String reason, List<String> models,
            List<Long> siteIds, List<Long> projectIds, List<Integer> waves, long soakSeconds, long waveTimeoutSeconds,
            AbortRuleBody abortRule, int currentWave, Instant waveStartedAt, Instant soakUntil, String createdBy,
            Instant createdAt, Instant updatedAt) {

        static RolloutView of(Rollout r) {
            var p = r.plan();
            return new RolloutView(r.id(), p.bundleId(), r.version(), r.state().name(), r.reason(), p.models(),
                    p.siteIds(), p.projectIds(), p.waves(), p.soak().toSeconds(), p.waveTimeout().toSeconds(),
                    new AbortRuleBody(p.abortRule().maxFailurePercent().orElse(null),
                            p.abortRule().maxFailures().orElse(null)),
                    r.currentWave(), r.waveStartedAt(), r.soakUntil(), r.createdBy(), r.createdAt(), r.updatedAt());
        }
    }

    record TargetView(String deviceId, int wave, String state, String reason, String message, int percent,
            int attempts, boolean approved, Instant assignedAt, Instant updatedAt) {

        static TargetView of(RolloutTarget t) {
            return new TargetView(t.deviceId().value(), t.wave(), t.state().name(), t.reason(), t.message(),
                    t.percent(), t.attempts(), t.approved(), t.assignedAt(), t.updatedAt());
        }
    }

    record WaveView(int wave, int percent, int size, String status, Map<String, Integer> counts) { }

    record DashboardView(RolloutView rollout, int targets, Map<String, Integer> counts, List<WaveView> waves,
            int committed, int failed, int skipped, double successRate, List<String> awaitingApproval,
            List<TargetView> devices) {

        static DashboardView of(RolloutReport r) {
            return new DashboardView(RolloutView.of(r.rollout()), r.targets(), names(r.counts()),
                    r.waves().stream().map(w -> new WaveView(w.wave(), w.percent(), w.size(), w.status().name(),
                            names(w.counts()))).toList(),
                    r.committed(), r.failed(), r.skipped(), r.successRate(), r.awaitingApproval(),
                    r.devices().stream().map(TargetView::of).toList());
        }

        private static Map<String, Integer> names(Map<TargetState, Integer> counts) {
            Map<String, Integer> m = new LinkedHashMap<>();
            counts.forEach((k, v) -> m.put(k.name(), v));
            return m;
        }
    }

    record PolicyView(String deviceId, String policy, String runningVersion, String lastAssignment,
            String lastState) {

        static PolicyView of(DeviceFirmware f) {
            return new PolicyView(f.deviceId().value(), f.policy().name(), f.runningVersion(), f.lastAssignment(),
                    f.lastState());
        }
    }

    record WindowView(long siteId, String zone, String start, String end, List<String> days) {

        static WindowView of(SiteWindow w, String zone) {
            return new WindowView(w.siteId(), zone, w.start().toString(), w.end().toString(),
                    w.days().stream().sorted().map(DayOfWeek::name).toList());
        }
    }

    record CurrentReleaseView(String model, Long projectId, String bundleId, String setBy, Instant setAt) {

        static CurrentReleaseView of(CurrentRelease r) {
            return new CurrentReleaseView(r.model(), r.projectId() == CurrentRelease.ANY_PROJECT ? null : r.projectId(),
                    r.bundleId(), r.setBy(), r.setAt());
        }
    }
}
