package org.openintercom.cloud.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openintercom.cloud.store.Site;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.provisioning.claim.DeviceId;

class RolloutStoreTest {

    private static final String KINDS = "org.openintercom.cloud.store.TestDatabase#kinds";
    private static final String BUNDLE = "ab".repeat(32);

    @ParameterizedTest
    @MethodSource(KINDS)
    void a_rollout_keeps_its_plan_and_targets(TestDatabase.Kind kind) {
        try (var f = new RolloutFixture(kind)) {
            DeviceId a = DeviceId.random();
            DeviceId b = DeviceId.random();
            Map<DeviceId, Integer> waves = new LinkedHashMap<>();
            waves.put(a, 1);
            waves.put(b, 2);
            RolloutPlan plan = new RolloutPlan(BUNDLE, List.of("OI-BF1", "OI-MX2"), List.of(7L), List.of(3L, 4L),
                    List.of(10, 40, 100), Duration.ofMinutes(90), Duration.ofHours(3), AbortRule.of(15, 25));

            Rollout r = f.rollouts.create(plan, "2.0.0", "operator", f.store.clock.instant(), waves);

            assertThat(r.plan()).isEqualTo(plan);
            assertThat(r.state()).isEqualTo(RolloutState.RUNNING);
            assertThat(r.currentWave()).isZero();
            assertThat(r.createdAt()).isEqualTo(f.store.clock.instant());
            assertThat(f.rollouts.targets(r.id())).extracting(RolloutTarget::deviceId, RolloutTarget::wave,
                    RolloutTarget::state).containsExactly(
                            org.assertj.core.groups.Tuple.tuple(a, 1, TargetState.PENDING),
                            org.assertj.core.groups.Tuple.tuple(b, 2, TargetState.PENDING));
            assertThat(f.rollouts.active()).extracting(Rollout::id).containsExactly(r.id());
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void the_tally_counts_targets_by_wave_and_state_and_those_ever_assigned(TestDatabase.Kind kind) {
        try (var f = new RolloutFixture(kind)) {
            Map<DeviceId, Integer> waves = new LinkedHashMap<>();
            List<DeviceId> devices = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                DeviceId d = DeviceId.random();
                devices.add(d);
                waves.put(d, i < 2 ? 1 : 2);
            }
            Rollout r = f.rollouts.create(new RolloutPlan(BUNDLE, null, null, null, List.of(30, 100), null, null,
                    null), "2.0.0", "op", f.store.clock.instant(), waves);
            var now = f.store.clock.instant();
            f.rollouts.markAssigned(r.id(), devices.get(0), now);
            f.rollouts.markAssigned(r.id(), devices.get(1), now);
            f.rollouts.setTargetState(r.id(), devices.get(0), TargetState.COMMITTED, null, null, 100, now);
            f.rollouts.setTargetState(r.id(), devices.get(1), TargetState.ROLLED_BACK, "HEALTH_CHECK_FAILED", null,
                    100, now);
            f.rollouts.markAssigned(r.id(), devices.get(2), now);
            f.rollouts.setTargetState(r.id(), devices.get(3), TargetState.SKIPPED, "INCOMPATIBLE", null, 0, now);

            TargetTally tally = f.rollouts.tally(r.id());

            assertThat(tally.assigned()).isEqualTo(3);
            assertThat(tally.failures()).isEqualTo(1);
            assertThat(tally.holds(1)).isFalse();
            assertThat(tally.holds(2)).isTrue();
            assertThat(tally.holding(2)).isEqualTo(3);
            assertThat(tally.of(2, TargetState.PENDING)).isEqualTo(2);
            assertThat(tally.of(2, TargetState.ASSIGNED)).isEqualTo(1);
            assertThat(tally.byState()).containsOnly(Map.entry(TargetState.COMMITTED, 1),
                    Map.entry(TargetState.ROLLED_BACK, 1), Map.entry(TargetState.ASSIGNED, 1),
                    Map.entry(TargetState.SKIPPED, 1), Map.entry(TargetState.PENDING, 2));
            assertThat(f.rollouts.tally(r.id() + 1).counts()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void targets_record_assignment_attempts_progress_and_approval(TestDatabase.Kind kind) {
        try (var f = new RolloutFixture(kind)) {
            DeviceId a = DeviceId.random();
            Rollout r = f.rollouts.create(new RolloutPlan(BUNDLE, null, null, null, List.of(100), null, null, null),
                    "2.0.0", "op", f.store.clock.instant(), Map.of(a, 1));
            f.rollouts.markAssigned(r.id(), a, f.store.clock.instant());
            f.rollouts.markAssigned(r.id(), a, f.store.clock.instant());
            f.rollouts.approve(r.id(), a, f.store.clock.instant());
            f.store.clock.advance(Duration.ofMinutes(5));
            f.rollouts.setTargetState(r.id(), a, TargetState.ROLLED_BACK, "HEALTH_CHECK_FAILED", "sip not ready", 100,
                    f.store.clock.instant());

            RolloutTarget t = f.rollouts.target(r.id(), a).orElseThrow();
            assertThat(t.attempts()).isEqualTo(2);
            assertThat(t.approved()).isTrue();
            assertThat(t.state()).isEqualTo(TargetState.ROLLED_BACK);
            assertThat(t.reason()).isEqualTo("HEALTH_CHECK_FAILED");
            assertThat(t.message()).isEqualTo("sip not ready");
            assertThat(t.updatedAt()).isEqualTo(f.store.clock.instant());
            assertThat(f.rollouts.targetsOf(a)).hasSize(1);

            f.rollouts.startWave(r.id(), 1, f.store.clock.instant());
            f.rollouts.soakUntil(r.id(), f.store.clock.instant().plusSeconds(60), f.store.clock.instant());
            f.rollouts.setState(r.id(), RolloutState.ABORTED, "auto-abort: test", f.store.clock.instant());
            Rollout after = f.rollouts.find(r.id()).orElseThrow();
            assertThat(after.currentWave()).isEqualTo(1);
            assertThat(after.soakUntil()).isEqualTo(f.store.clock.instant().plusSeconds(60));
            assertThat(after.state()).isEqualTo(RolloutState.ABORTED);
            assertThat(after.reason()).isEqualTo("auto-abort: test");
            assertThat(f.rollouts.active()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void policies_default_to_all_and_keep_the_running_version_and_last_progress(TestDatabase.Kind kind) {
        try (var f = new RolloutFixture(kind)) {
            DeviceId d = DeviceId.random();
            assertThat(f.rollouts.firmware(d).policy()).isEqualTo(UpdatePolicy.ALL);

            f.rollouts.setRunningVersion(d, "1.0.0", f.store.clock.instant());
            f.rollouts.setPolicy(d, UpdatePolicy.SECURITY_ONLY, f.store.clock.instant());
            f.rollouts.setLastProgress(d, "r1-w1", "DOWNLOADING", f.store.clock.instant());

            assertThat(f.rollouts.firmware(d)).isEqualTo(new DeviceFirmware(d, UpdatePolicy.SECURITY_ONLY, "1.0.0",
                    "r1-w1", "DOWNLOADING"));
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void windows_and_current_releases_are_replaced_not_duplicated(TestDatabase.Kind kind) {
        try (var f = new RolloutFixture(kind)) {
            Site site = f.store.givenSite("tower");
            f.rollouts.setWindow(new SiteWindow(site.id(), LocalTime.of(1, 0), LocalTime.of(3, 0), Set.of()),
                    f.store.clock.instant());
            SiteWindow night = new SiteWindow(site.id(), LocalTime.of(23, 0), LocalTime.of(4, 0),
                    Set.of(DayOfWeek.SATURDAY));
            f.rollouts.setWindow(night, f.store.clock.instant());
            assertThat(f.rollouts.window(site.id())).contains(night);

            f.rollouts.setCurrentRelease(new CurrentRelease("OI-BF1", 0, BUNDLE, "op", f.store.clock.instant()));
            String other = "cd".repeat(32);
            f.rollouts.setCurrentRelease(new CurrentRelease("OI-BF1", 0, other, "op", f.store.clock.instant()));
            f.rollouts.setCurrentRelease(new CurrentRelease("OI-BF1", site.projectId(), BUNDLE, "op",
                    f.store.clock.instant()));
            assertThat(f.rollouts.currentReleases()).hasSize(2);
            assertThat(f.rollouts.currentRelease("OI-BF1", 999).orElseThrow().bundleId()).isEqualTo(other);
            assertThat(f.rollouts.currentRelease("OI-BF1", site.projectId()).orElseThrow().bundleId()).isEqualTo(BUNDLE);
            assertThat(f.rollouts.currentRelease("OI-MX2", site.projectId())).isEmpty();

            assertThat(f.rollouts.removeWindow(site.id())).isTrue();
            assertThat(f.rollouts.window(site.id())).isEmpty();
        }
    }
}
