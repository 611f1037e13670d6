package org.openintercom.cloud.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openintercom.cloud.rollout.RolloutFixture.MODEL;
import static org.openintercom.provisioning.channel.UpdateProgress.State.COMMITTED;
import static org.openintercom.provisioning.channel.UpdateProgress.State.DOWNLOADING;
import static org.openintercom.provisioning.channel.UpdateProgress.State.INSTALLING;
import static org.openintercom.provisioning.channel.UpdateProgress.State.ROLLED_BACK;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openintercom.cloud.firmware.FirmwareRelease;
import org.openintercom.cloud.store.AuditEntry;
import org.openintercom.cloud.store.Site;
import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.channel.MaintenanceWindow;
import org.openintercom.provisioning.claim.DeviceId;

class RolloutEngineTest {

    private static final Duration SOAK = Duration.ofHours(2);

    private static RolloutPlan plan(FirmwareRelease r, List<Integer> waves, AbortRule rule) {
        return new RolloutPlan(r.bundleId(), List.of(), List.of(), List.of(), waves, SOAK, Duration.ofHours(6), rule);
    }

    private static Rollout created(RolloutFixture f, RolloutPlan plan) {
        var result = f.engine.create(plan, "operator");
        assertThat(result.isOk()).as("%s", result.problem()).isTrue();
        return result.value();
    }

    @Test
    void assigns_the_first_wave_then_soaks_before_the_next() {
        try (var f = RolloutFixture.h2()) {
            Site site = f.store.givenSite("tower");
            List<DeviceId> devices = f.givenDevices(site, MODEL, 20, "1.0.0");
            FirmwareRelease v2 = f.catalog.givenRelease("2.0.0", MODEL, false, 1);

            Rollout r = created(f, plan(v2, List.of(10, 40, 100), AbortRule.of(20, null)));

            List<DeviceId> wave1 = f.published.holding(r.assignmentId(1));
            assertThat(wave1).hasSize(2);
            assertThat(f.report(r.id()).waves()).extracting(RolloutReport.WaveReport::size).containsExactly(2, 6, 12);
            wave1.forEach(d -> f.report(d, COMMITTED));
            f.engine.tick();
            assertThat(f.report(r.id()).waves().get(0).status()).isEqualTo(RolloutReport.Status.SOAKING);

            f.store.clock.advance(SOAK.minusMinutes(1));
            f.engine.tick();
            assertThat(f.published.holding(r.assignmentId(2))).isEmpty();

            f.store.clock.advance(Duration.ofMinutes(1));
            f.engine.tick();
            List<DeviceId> wave2 = f.published.holding(r.assignmentId(2));
            assertThat(wave2).hasSize(6).doesNotContainAnyElementsOf(wave1);
            assertThat(devices).containsAll(wave2);
            assertThat(f.published.of(wave2.get(0)).orElseThrow().id()).isEqualTo("r" + r.id() + "-w2");
        }
    }

    @Test
    void the_last_device_of_a_wave_to_report_starts_the_soak_without_waiting_for_a_tick() {
        try (var f = RolloutFixture.h2()) {
            Site site = f.store.givenSite("tower");
            f.givenDevices(site, MODEL, 20, "1.0.0");
            FirmwareRelease v2 = f.catalog.givenRelease("2.0.0", MODEL, false, 1);
            Rollout r = created(f, plan(v2, List.of(10, 40, 100), AbortRule.of(20, null)));
            List<DeviceId> wave1 = f.published.holding(r.assignmentId(1));

            f.report(wave1.get(0), COMMITTED);
            assertThat(f.report(r.id()).waves().get(0).status()).isNotEqualTo(RolloutReport.Status.SOAKING);
            f.report(wave1.get(1), COMMITTED);

            assertThat(f.report(r.id()).waves().get(0).status()).isEqualTo(RolloutReport.Status.SOAKING);
            assertThat(f.report(r.id()).rollout().soakUntil()).isEqualTo(f.store.clock.instant().plus(SOAK));
        }
    }

    @Test
    void completes_after_the_last_wave_counting_only_committed_devices_as_success() {
        try (var f = RolloutFixture.h2()) {
            Site site = f.store.givenSite("tower");
            List<DeviceId> devices = f.givenDevices(site, MODEL, 4, "1.0.0");
            FirmwareRelease v2 = f.catalog.givenRelease("2.0.0", MODEL, false, 1);
            Rollout r = created(f, new RolloutPlan(v2.bundleId(), List.of(), List.of(), List.of(), List.of(100),
                    Duration.ZERO, Duration.ofHours(1), AbortRule.none()));

            f.report(devices.get(0), COMMITTED);
            f.report(devices.get(1), COMMITTED);
            f.report(devices.get(2), INSTALLING);
            f.report(devices.get(3), ROLLED_BACK);
            f.engine.tick();
            assertThat(f.report(r.id()).rollout().state()).isEqualTo(RolloutState.RUNNING);

            f.report(devices.get(2), COMMITTED);
            f.engine.tick();

            RolloutReport report = f.report(r.id());
            assertThat(report.rollout().state()).isEqualTo(RolloutState.COMPLETED);
            assertThat(report.committed()).isEqualTo(3);
            assertThat(report.failed()).isEqualTo(1);
            assertThat(report.successRate()).isEqualTo(75.0);
            assertThat(f.rollouts.firmware(devices.get(0)).runningVersion()).isEqualTo("2.0.0");
        }
    }

    @Test
    void a_wave_that_times_out_moves_on_and_a_late_device_keeps_its_assignment() {
        try (var f = RolloutFixture.h2()) {
            Site site = f.store.givenSite("tower");
            List<DeviceId> devices = f.givenDevices(site, MODEL, 2, "1.0.0");
            FirmwareRelease v2 = f.catalog.givenRelease("2.0.0", MODEL, false, 1);
            Rollout r = created(f, new RolloutPlan(v2.bundleId(), List.of(), List.of(), List.of(), List.of(50, 100),
                    Duration.ZERO, Duration.ofHours(1), AbortRule.none()));
            DeviceId offline = f.published.holding(r.assignmentId(1)).get(0);

            f.store.clock.advance(Duration.ofHours(1));
            f.engine.tick();

            assertThat(f.published.holding(r.assignmentId(2))).hasSize(1);
            assertThat(f.published.of(offline)).isPresent();
            assertThat(f.target(r.id(), offline).orElseThrow().state()).isEqualTo(TargetState.ASSIGNED);
            assertThat(devices).contains(offline);
        }
    }

    @Test
    void auto_aborts_when_a_bad_second_wave_rolls_back_and_lists_exactly_the_rolled_back_devices() {
        try (var f = RolloutFixture.h2()) {
            Site site = f.store.givenSite("estate");
            f.givenDevices(site, MODEL, 200, "1.0.0");
            FirmwareRelease bad = f.catalog.givenRelease("2.0.0", MODEL, false, 1);
            Rollout r = created(f, plan(bad, List.of(10, 50, 100), AbortRule.of(20, null)));
            f.published.holding(r.assignmentId(1)).forEach(d -> f.report(d, COMMITTED));
            f.engine.tick();
            f.store.clock.advance(SOAK);
            f.engine.tick();
            List<DeviceId> wave2 = f.published.holding(r.assignmentId(2));
            assertThat(wave2).hasSize(80);

            List<DeviceId> installing = wave2.subList(0, 10);
            List<DeviceId> downloading = wave2.subList(10, 30);
            List<DeviceId> rolledBack = wave2.subList(30, 51); // 21 of 100 assigned: more than 20 %
            List<DeviceId> silent = wave2.subList(51, 80);
            installing.forEach(d -> f.report(d, INSTALLING));
            downloading.forEach(d -> f.report(d, DOWNLOADING));
            rolledBack.subList(0, 20).forEach(d -> f.report(d, ROLLED_BACK));
            assertThat(f.report(r.id()).rollout().state()).isEqualTo(RolloutState.RUNNING);
            f.report(rolledBack.get(20), ROLLED_BACK);

            RolloutReport report = f.report(r.id());
            assertThat(report.rollout().state()).isEqualTo(RolloutState.ABORTED);
            assertThat(report.rollout().reason()).startsWith("auto-abort: 21 of 100 assigned devices failed");
            assertThat(report.devices().stream().filter(t -> t.state() == TargetState.ROLLED_BACK)
                    .map(RolloutTarget::deviceId).toList()).containsExactlyInAnyOrderElementsOf(rolledBack);
            assertThat(report.devices().stream().filter(t -> t.state() == TargetState.ROLLED_BACK))
                    .allSatisfy(t -> assertThat(t.reason()).isEqualTo("HEALTH_CHECK_FAILED"));
            assertThat(report.counts()).containsEntry(TargetState.COMMITTED, 20).containsEntry(TargetState.WITHDRAWN, 49)
                    .containsEntry(TargetState.INSTALLING, 10).containsEntry(TargetState.PENDING, 100);
            downloading.forEach(d -> assertThat(f.published.of(d)).isEmpty());
            silent.forEach(d -> assertThat(f.published.of(d)).isEmpty());
            installing.forEach(d -> assertThat(f.published.of(d)).isPresent());
            assertThat(f.published.holding(r.assignmentId(3))).isEmpty();
            assertThat(f.store.audit.recent(10)).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("rollout-abort");
                assertThat(e.actor()).isEqualTo("rollout-engine");
                assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.OK);
            });

            f.store.clock.advance(Duration.ofDays(1));
            f.engine.tick();
            assertThat(f.published.holding(r.assignmentId(3))).isEmpty();
        }
    }

    @Test
    void aborts_on_a_failure_count() {
        try (var f = RolloutFixture.h2()) {
            Site site = f.store.givenSite("tower");
            List<DeviceId> devices = f.givenDevices(site, MODEL, 10, "1.0.0");
            FirmwareRelease v2 = f.catalog.givenRelease("2.0.0", MODEL, false, 1);
            Rollout r = created(f, plan(v2, List.of(100), AbortRule.of(null, 2)));

            f.report(devices.get(0), ROLLED_BACK);
            assertThat(f.report(r.id()).rollout().state()).isEqualTo(RolloutState.RUNNING);
            f.report(devices.get(1), ROLLED_BACK);

            assertThat(f.report(r.id()).rollout().state()).isEqualTo(RolloutState.ABORTED);
            assertThat(f.report(r.id()).rollout().reason()).contains("2 devices failed");
        }
    }

    @Test
    void pause_withdraws_assignments_not_yet_installing_and_resume_assigns_them_again() {
        try (var f = RolloutFixture.h2()) {
            Site site = f.store.givenSite("tower");
            List<DeviceId> devices = f.givenDevices(site, MODEL, 3, "1.0.0");
            FirmwareRelease v2 = f.catalog.givenRelease("2.0.0", MODEL, false, 1);
            Rollout r = created(f, plan(v2, List.of(100), AbortRule.none()));
            f.report(devices.get(0), INSTALLING);
            f.report(devices.get(1), DOWNLOADING);

            assertThat(f.engine.pause(r.id(), "operator", "waiting for the vendor").isOk()).isTrue();

            assertThat(f.published.of(devices.get(0))).isPresent();
            assertThat(f.published.of(devices.get(1))).isEmpty();
            assertThat(f.published.of(devices.get(2))).isEmpty();
            assertThat(f.target(r.id(), devices.get(1)).orElseThrow().state()).isEqualTo(TargetState.WITHDRAWN);
            assertThat(f.engine.pause(r.id(), "operator", null).problem().kind())
                    .isEqualTo(org.openintercom.cloud.api.Problem.Kind.CONFLICT);
            f.engine.tick();
            assertThat(f.published.of(devices.get(1))).isEmpty();

            assertThat(f.engine.resume(r.id(), "operator").value().state()).isEqualTo(RolloutState.RUNNING);

            assertThat(f.published.of(devices.get(1)).orElseThrow().id()).isEqualTo(r.assignmentId(1));
            assertThat(f.target(r.id(), devices.get(1)).orElseThrow().attempts()).isEqualTo(2);
            assertThat(f.target(r.id(), devices.get(0)).orElseThrow().state()).isEqualTo(TargetState.INSTALLING);
        }
    }

    @Test
    void manual_devices_await_approval_and_an_approved_one_is_assigned() {
        try (var f = RolloutFixture.h2()) {
            Site site = f.store.givenSite("tower");
            List<DeviceId> devices = f.givenDevices(site, MODEL, 2, "1.0.0");
            f.rollouts.setPolicy(devices.get(0), UpdatePolicy.MANUAL, f.store.clock.instant());
            FirmwareRelease v2 = f.catalog.givenRelease("2.0.0", MODEL, false, 1);
            Rollout r = created(f, plan(v2, List.of(100), AbortRule.none()));

            assertThat(f.report(r.id()).awaitingApproval()).containsExactly(devices.get(0).value());
            assertThat(f.published.of(devices.get(0))).isEmpty();
            f.report(devices.get(1), COMMITTED);
            f.engine.tick();
            assertThat(f.report(r.id()).rollout().state()).isEqualTo(RolloutState.COMPLETED);

            Rollout second = created(f, plan(f.catalog.givenRelease("2.1.0", MODEL, false, 1), List.of(100),
                    AbortRule.none()));
            assertThat(f.engine.approve(second.id(), devices.get(0), "operator").value().state())
                    .isEqualTo(TargetState.ASSIGNED);
            assertThat(f.published.of(devices.get(0)).orElseThrow().version()).isEqualTo("2.1.0");
        }
    }

    @Test
    void security_only_devices_get_only_security_critical_bundles() {
        try (var f = RolloutFixture.h2()) {
            Site site = f.store.givenSite("tower");
            DeviceId device = f.givenDevices(site, MODEL, 1, "1.0.0").get(0);
            f.rollouts.setPolicy(device, UpdatePolicy.SECURITY_ONLY, f.store.clock.instant());

            Rollout feature = created(f, plan(f.catalog.givenRelease("1.1.0", MODEL, false, 1), List.of(100),
                    AbortRule.none()));
            assertThat(f.target(feature.id(), device).orElseThrow().reason()).isEqualTo("POLICY_SECURITY_ONLY");
            assertThat(f.published.of(device)).isEmpty();

            Rollout fix = created(f, plan(f.catalog.givenRelease("1.1.1", MODEL, true, 2), List.of(100),
                    AbortRule.none()));
            assertThat(f.published.of(device).orElseThrow().id()).isEqualTo(fix.assignmentId(1));
        }
    }

    @Test
    void devices_on_the_target_version_count_as_committed_and_downgrades_below_their_security_version_are_skipped() {
        try (var f = RolloutFixture.h2()) {
            Site site = f.store.givenSite("tower");
            f.catalog.givenRelease("3.0.0", MODEL, true, 5);
            DeviceId current = f.givenDevices(site, MODEL, 1, "2.0.0").get(0);
            DeviceId newer = f.givenDevices(site, MODEL, 1, "3.0.0").get(0);
            Rollout r = created(f, plan(f.catalog.givenRelease("2.0.0", MODEL, false, 4), List.of(100),
                    AbortRule.none()));

            assertThat(f.target(r.id(), current).orElseThrow())
                    .satisfies(t -> assertThat(t.state()).isEqualTo(TargetState.COMMITTED))
                    .satisfies(t -> assertThat(t.reason()).isEqualTo("ALREADY_CURRENT"));
            assertThat(f.target(r.id(), newer).orElseThrow().reason()).isEqualTo("SECURITY_DOWNGRADE");
            assertThat(f.published.retained).isEmpty();

            Rollout same = created(f, plan(f.catalog.givenRelease("2.9.0", MODEL, false, 5), List.of(100),
                    AbortRule.none()));
            assertThat(f.published.of(newer).orElseThrow().id()).isEqualTo(same.assignmentId(1));
        }
    }

    @Test
    void the_assignment_carries_the_sites_window_in_its_zone_and_a_delta_from_the_running_version() {
        try (var f = RolloutFixture.h2()) {
            Site site = f.store.givenSite("tower");
            DeviceId device = f.givenDevices(site, MODEL, 1, "1.0.0").get(0);
            FirmwareRelease v1 = f.catalog.givenRelease("1.0.0", MODEL, false, 1);
            FirmwareRelease v2 = f.catalog.givenRelease("2.0.0", MODEL, false, 1);
            f.catalog.givenDelta(v1, v2);
            f.rollouts.setWindow(new SiteWindow(site.id(), LocalTime.of(2, 0), LocalTime.of(4, 30),
                    Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)), f.store.clock.instant());

            created(f, plan(v2, List.of(100), AbortRule.none()));

            FirmwareAssignment a = f.published.of(device).orElseThrow();
            assertThat(a.installWindow()).contains(new MaintenanceWindow(ZoneId.of("Europe/Zurich"),
                    LocalTime.of(2, 0), LocalTime.of(4, 30), Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)));
            assertThat(a.delta()).hasValueSatisfying(d -> {
                assertThat(d.baseVersion()).isEqualTo("1.0.0");
                assertThat(d.patchSize()).isEqualTo(120_000);
            });
            assertThat(a.bundlePath()).isEqualTo(v2.bundlePath());
            assertThat(a.securityVersion()).isEqualTo(1);
        }
    }

    @Test
    void targets_are_limited_to_the_selected_sites_projects_and_compatible_models() {
        try (var f = RolloutFixture.h2()) {
            Site a = f.store.givenSite("a");
            Site b = f.store.givenSite("b");
            Site c = f.store.givenSite("c");
            DeviceId inA = f.givenDevices(a, MODEL, 1, "1.0.0").get(0);
            DeviceId otherModelInA = f.givenDevices(a, "OI-MX2", 1, "1.0.0").get(0);
            DeviceId inB = f.givenDevices(b, MODEL, 1, "1.0.0").get(0);
            DeviceId inC = f.givenDevices(c, MODEL, 1, "1.0.0").get(0);
            FirmwareRelease v2 = f.catalog.givenRelease("2.0.0", MODEL, false, 1);

            Rollout r = created(f, new RolloutPlan(v2.bundleId(), List.of(), List.of(a.id()), List.of(b.projectId()),
                    List.of(100), SOAK, Duration.ofHours(1), AbortRule.none()));

            assertThat(f.report(r.id()).devices()).extracting(RolloutTarget::deviceId)
                    .containsExactlyInAnyOrder(inA, inB).doesNotContain(otherModelInA, inC);
        }
    }

    @Test
    void a_device_that_comes_online_gets_the_current_release_of_its_model() {
        try (var f = RolloutFixture.h2()) {
            Site site = f.store.givenSite("tower");
            List<DeviceId> devices = f.givenDevices(site, MODEL, 3, "1.0.0");
            FirmwareRelease v2 = f.catalog.givenRelease("2.0.0", MODEL, false, 1);
            FirmwareRelease pinned = f.catalog.givenRelease("1.9.0", MODEL, false, 1);
            f.rollouts.setCurrentRelease(new CurrentRelease(MODEL, CurrentRelease.ANY_PROJECT, v2.bundleId(), "op",
                    f.store.clock.instant()));
            f.rollouts.setPolicy(devices.get(2), UpdatePolicy.MANUAL, f.store.clock.instant());

            f.online(devices.get(0), "1.0.0");
            f.online(devices.get(1), "2.0.0");
            f.online(devices.get(2), "1.0.0");

            assertThat(f.published.of(devices.get(0)).orElseThrow().id())
                    .isEqualTo("current-" + v2.bundleId().substring(0, 16));
            assertThat(f.published.of(devices.get(1))).isEmpty();
            assertThat(f.published.of(devices.get(2))).isEmpty();

            f.rollouts.setCurrentRelease(new CurrentRelease(MODEL, site.projectId(), pinned.bundleId(), "op",
                    f.store.clock.instant()));
            f.online(devices.get(1), "2.0.0");
            assertThat(f.published.of(devices.get(1)).orElseThrow().version()).isEqualTo("1.9.0");
        }
    }

    @Test
    void a_device_that_rolled_back_the_current_release_is_not_offered_it_again() {
        try (var f = RolloutFixture.h2()) {
            Site site = f.store.givenSite("tower");
            DeviceId device = f.givenDevices(site, MODEL, 1, "1.0.0").get(0);
            FirmwareRelease v2 = f.catalog.givenRelease("2.0.0", MODEL, false, 1);
            f.rollouts.setCurrentRelease(new CurrentRelease(MODEL, 0, v2.bundleId(), "op", f.store.clock.instant()));
            f.online(device, "1.0.0");
            f.report(device, ROLLED_BACK);
            f.published.withdraw(device);

            f.online(device, "1.0.0");

            assertThat(f.published.of(device)).isEmpty();
        }
    }
}
