package org.openintercom.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.update.FirmwareUpdater;
import org.openintercom.cloud.CloudLite;
import org.openintercom.cloud.rollout.RolloutReport;
import org.openintercom.cloud.rollout.RolloutState;
import org.openintercom.cloud.rollout.RolloutTarget;
import org.openintercom.cloud.rollout.TargetState;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.claim.DeviceId;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.simulator.firmware.EmulatedImages;
import org.openintercom.simulator.firmware.SimReleases;
import org.openintercom.simulator.scenario.Scenario;
import org.openintercom.simulator.scenario.ScenarioLoader;

/**
 * 200 emulated stations (real agents with A/B slots) get a release in three waves (10 %, 50 %, 100 %). The release
 * is a bad build for hardware revision B, and the first wave holds only revision A boards: it commits, the second
 * wave's B stations fail their health checks and roll back, the rollout aborts, the third wave is never assigned,
 * and the dashboard names exactly the stations that rolled back.
 */
@Tag("slow")
class FirmwareRolloutTest {

    private static final int STATIONS = 200;
    private static final long DEADLINE_MS = 240_000;

    @TempDir
    Path dir;

    @Test
    void a_bad_build_aborts_the_rollout_in_its_second_wave_and_the_dashboard_lists_the_rolled_back_stations()
            throws Exception {
        // the factory made these boards earlier: ids in the order the rollout takes them (by id), revision B for
        // every other board from the second wave on, none in the first
        List<DeviceId> ids = new ArrayList<>();
        for (int i = 0; i < STATIONS; i++) {
            ids.add(DeviceId.random());
        }
        ids.sort((a, b) -> a.value().compareTo(b.value()));
        Map<String, DeviceId> idOf = new TreeMap<>();
        Map<DeviceId, String> revisionOf = new HashMap<>();
        ManufacturerCa factory = SimCloud.factory(dir.resolve("factory"));
        StringBuilder yaml = new StringBuilder("name: rollout 200\ncloud: {}\nstations:\n");
        for (int i = 0; i < STATIONS; i++) {
            String station = "door" + i;
            String revision = i >= STATIONS / 10 && i % 2 == 1 ? "B" : "A";
            idOf.put(station, ids.get(i));
            revisionOf.put(ids.get(i), revision);
            SimCloud.manufacture(factory, dir.resolve("factory").resolve(station), ids.get(i), "ID5", revision);
            yaml.append("  - station: {id: ").append(station).append(", model: ID5}\n")
                    .append("    claim: {site: Block ").append(i % 4 + 1).append("}\n");
        }
        yaml.append("steps: []\n");
        Scenario scenario = new ScenarioLoader(dir, Optional.empty()).parse(yaml.toString(), dir);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        try (ScenarioRunner runner = new ScenarioRunner(scenario, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            runner.start();
            CloudLite cloud = runner.cloudLite().orElseThrow();
            for (SimStation s : runner.stations().values()) {
                assertThat(s.cloud.updater().orElseThrow().runningVersion()).isEqualTo(EmulatedImages.FACTORY_VERSION);
            }
            SimReleases releases = new SimReleases(dir.resolve("cloud"), dir.resolve("releases"));
            Path bundle = releases.bundle("1.1.0", List.of("ID5"), 1, false,
                    EmulatedImages.badImage("1.1.0", List.of("ID5"), List.of("B")));
            long rolloutId;
            try (InstallerClient operator = InstallerClient.signIn(cloud.apiUri(), "admin", SimCloud.ADMIN_PASSWORD)) {
                String bundleId = operator.uploadFirmware(bundle).path("bundleId").asText();
                JsonNode plan = new ObjectMapper().readTree("{\"bundleId\":\"" + bundleId + "\",\"waves\":[10,50,100],"
                        + "\"soakSeconds\":1,\"waveTimeoutSeconds\":180,\"abortRule\":{\"maxFailurePercent\":10}}");
                rolloutId = operator.call("POST", "/api/v1/rollouts", plan).path("rollout").path("id").asLong();
            }

            RolloutReport report = awaitSettled(cloud, rolloutId);

            assertThat(report.rollout().state()).as("rollout state, reason %s", report.rollout().reason())
                    .isEqualTo(RolloutState.ABORTED);
            Map<DeviceId, RolloutTarget> targets = report.devices().stream()
                    .collect(Collectors.toMap(RolloutTarget::deviceId, t -> t));
            // wave 1: revision A only, all committed and running the new build
            for (int i = 0; i < STATIONS / 10; i++) {
                assertThat(targets.get(ids.get(i)).state()).as("wave 1 device %s", ids.get(i))
                        .isEqualTo(TargetState.COMMITTED);
            }
            // the dashboard's rolled-back devices are exactly the stations that rolled back, all revision B
            Set<DeviceId> dashboardRolledBack = report.devices().stream()
                    .filter(t -> t.state() == TargetState.ROLLED_BACK).map(RolloutTarget::deviceId)
                    .collect(Collectors.toSet());
            Set<DeviceId> stationsRolledBack = new java.util.HashSet<>();
            for (var e : idOf.entrySet()) {
                FirmwareUpdater updater = runner.station(e.getKey()).cloud.updater().orElseThrow();
                Optional<UpdateProgress> last = updater.lastProgress();
                if (last.isPresent() && last.get().state() == UpdateProgress.State.ROLLED_BACK) {
                    stationsRolledBack.add(e.getValue());
                }
                // every station runs a good slot: the new build where it committed, the factory build elsewhere
                TargetState state = targets.get(e.getValue()).state();
                assertThat(updater.runningVersion()).as("%s (%s, %s)", e.getKey(), e.getValue(), state)
                        .isEqualTo(state == TargetState.COMMITTED ? "1.1.0" : EmulatedImages.FACTORY_VERSION);
            }
            assertThat(dashboardRolledBack).isNotEmpty().isEqualTo(stationsRolledBack);
            assertThat(dashboardRolledBack).allMatch(id -> revisionOf.get(id).equals("B"));
            assertThat(report.devices().stream().filter(t -> t.state() == TargetState.ROLLED_BACK))
                    .allMatch(t -> "HEALTH_CHECK_FAILED".equals(t.reason()));
            // the third wave was never assigned
            assertThat(report.devices().stream().filter(t -> t.wave() == 3))
                    .allMatch(t -> t.state() == TargetState.PENDING);
        } finally {
            System.out.println(console.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("firmware") || l.contains("reboot")).limit(60)
                    .collect(Collectors.joining("\n")));
        }
    }

    /** Waits until the rollout is finished and no device is between assignment and a final state. */
    private static RolloutReport awaitSettled(CloudLite cloud, long rolloutId) throws InterruptedException {
        long end = System.currentTimeMillis() + DEADLINE_MS;
        RolloutReport report = null;
        while (System.currentTimeMillis() < end) {
            report = cloud.rollouts().report(rolloutId).orElseThrow();
            boolean moving = report.devices().stream().anyMatch(t -> t.state().ordinal() >= TargetState.ASSIGNED.ordinal()
                    && t.state().ordinal() <= TargetState.HEALTH_CHECK.ordinal());
            if (report.rollout().state().isFinished() && !moving) {
                return report;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("rollout " + rolloutId + " did not settle within " + DEADLINE_MS + " ms: "
                + (report == null ? "no report" : report.rollout().state() + " " + report.counts()));
    }
}
