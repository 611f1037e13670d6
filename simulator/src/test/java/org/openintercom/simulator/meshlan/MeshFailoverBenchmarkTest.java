package org.openintercom.simulator.meshlan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints how long the three-station LAN of {@link ThreeStationLanTest} takes from cutting the cloud to an answered
 * mesh call, over repeated cuts of the same running site (median and worst): cut, MESH, press, both indoor stations
 * ringing, the kitchen answers; then hang up, restore the cloud and wait until the door is back in CLOUD mode with its
 * outbox delivered. With the test's thresholds ({@link ThreeStationLan#MESH}: fail-after 2 s unless
 * {@code -Dmeshlan.fail-after} says otherwise); {@code -Dmeshlan.runs=N} runs (default 5);
 * {@code -Dmeshlan.silent-cut=true} cuts without resetting the connections; {@code -Dmeshlan.press-during-cut=true}
 * presses 1 s after each cut instead of waiting for MESH ({@link PressDuringCut}: the call-time fallback). No timed
 * assertion.
 */
@Tag("netns")
@Tag("benchmark")
class MeshFailoverBenchmarkTest {

    private static final int RUNS = Integer.getInteger("meshlan.runs", 5);
    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final boolean PRESS_DURING_CUT = Boolean.getBoolean("meshlan.press-during-cut");

    @TempDir
    Path dir;

    @Test
    void prints_the_time_from_cutting_the_cloud_to_an_answered_mesh_call() {
        if (PRESS_DURING_CUT) {
            pressesDuringTheCut();
            return;
        }
        List<CutAndCall> runs = new ArrayList<>();
        try (ThreeStationLan lan = ThreeStationLan.start(dir, LanLogs.folder("mesh-failover-benchmark"))) {
            try {
                for (int i = 1; i <= RUNS; i++) {
                    CutAndCall run = CutAndCall.perform(lan);
                    runs.add(run);
                    System.out.printf("run %d: %s%n", i, run);
                    lan.kitchen.press("answer"); // hang up
                    lan.door.await("idle", WITHIN, r -> r.get("call").equals("-"));
                    lan.restoreCloud();
                    lan.door.await("back in CLOUD mode, registered, outbox delivered", WITHIN,
                            r -> r.get("mode").equals("CLOUD") && r.get("registration").equals("REGISTERED")
                                    && r.number("outbox") == 0);
                }
            } catch (RuntimeException | AssertionError e) {
                e.addSuppressed(new AssertionError(lan.diagnostics()));
                throw e;
            }
        }
        System.out.printf("cloud cut -> answered mesh call over %d runs: %s%n", runs.size(),
                figures(runs, CutAndCall::toAnswered));
        System.out.printf("  of which cut -> MESH: %s; cut -> both indoor stations ringing: %s%n",
                figures(runs, CutAndCall::toMesh), figures(runs, CutAndCall::toRinging));
        assertThat(runs).hasSize(RUNS);
    }

    /** Each run: cut, press 1 s later (still CLOUD), both ringing, answered, MESH; hang up, restore, CLOUD again. */
    private void pressesDuringTheCut() {
        List<PressDuringCut> runs = new ArrayList<>();
        try (ThreeStationLan lan = ThreeStationLan.start(dir, LanLogs.folder("mesh-failover-benchmark"))) {
            try {
                for (int i = 1; i <= RUNS; i++) {
                    PressDuringCut run = PressDuringCut.perform(lan);
                    runs.add(run);
                    System.out.printf("run %d: %s%n", i, run);
                    lan.kitchen.press("answer"); // hang up
                    lan.door.await("idle", WITHIN, r -> r.get("call").equals("-"));
                    lan.restoreCloud();
                    lan.door.await("back in CLOUD mode, registered, outbox delivered", WITHIN,
                            r -> r.get("mode").equals("CLOUD") && r.get("registration").equals("REGISTERED")
                                    && r.number("outbox") == 0);
                }
            } catch (RuntimeException | AssertionError e) {
                e.addSuppressed(new AssertionError(lan.diagnostics()));
                throw e;
            }
        }
        System.out.printf("press 1 s after the cut -> both indoor stations ringing over %d runs: %s%n", runs.size(),
                figures(runs, PressDuringCut::pressToRinging));
        System.out.printf("  press -> answered: %s; cut -> MESH: %s; mode at the press: %s%n",
                figures(runs, PressDuringCut::pressToAnswered), figures(runs, PressDuringCut::cutToMesh),
                runs.stream().map(PressDuringCut::modeAtPress).toList());
        assertThat(runs).hasSize(RUNS);
    }

    private static <T> String figures(List<T> runs, Function<T, Duration> what) {
        List<Duration> sorted = runs.stream().map(what).sorted(Comparator.naturalOrder()).toList();
        Duration median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : sorted.get(sorted.size() / 2 - 1).plus(sorted.get(sorted.size() / 2)).dividedBy(2);
        return String.format("median %.2f s, worst %.2f s (%s)", median.toMillis() / 1000.0,
                sorted.get(sorted.size() - 1).toMillis() / 1000.0,
                runs.stream().map(r -> String.format("%.2f", what.apply(r).toMillis() / 1000.0)).toList());
    }
}
