package org.openintercom.agent.mesh;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures how long a newly started station takes to be discoverable: from {@link MeshDiscovery#start} until a
 * station already running has verified it (and until it has verified the running one), over {@value #RUNS} runs
 * on loopback IPv4 mDNS; prints median and worst (the figures in docs/mesh.md). A benchmark, not run with the
 * suite: {@code ./mvnw -o -q -pl station-agent -am test -Dsurefire.excludedGroups= -Dtest=MeshDiscoveryTimingTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class MeshDiscoveryTimingTest {

    static final int RUNS = 10;

    @TempDir
    Path dir;

    @Test
    void prints_how_long_a_new_station_takes_to_be_discoverable() throws Exception {
        TestPki pki = TestPki.create(dir);
        List<Long> seenByRunning = new ArrayList<>();
        List<Long> seesRunning = new ArrayList<>();
        try (MeshStations stations = new MeshStations()) {
            MeshStation hall = stations.add(MeshStation.start(pki, MeshDiscoveryTest.LOOPBACK,
                    MeshDiscoveryTest.SETTINGS));
            for (int run = 0; run < RUNS; run++) {
                long started = System.nanoTime();
                MeshStation newcomer = stations.add(MeshStation.start(pki, MeshDiscoveryTest.LOOPBACK,
                        MeshDiscoveryTest.SETTINGS));
                long[] seen = {0, 0};
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
                    long now = System.nanoTime();
                    if (seen[0] == 0 && hall.discovery.peers().usable().containsKey(newcomer.id())) {
                        seen[0] = now;
                    }
                    if (seen[1] == 0 && newcomer.discovery.peers().usable().containsKey(hall.id())) {
                        seen[1] = now;
                    }
                    return seen[0] != 0 && seen[1] != 0;
                });
                seenByRunning.add((seen[0] - started) / 1_000_000);
                seesRunning.add((seen[1] - started) / 1_000_000);
            }
        }
        System.out.println("mesh discoverable (loopback IPv4 mDNS, " + RUNS + " runs): a running station verified "
                + "the new one after " + figures(seenByRunning) + "; the new one verified the running one after "
                + figures(seesRunning));
    }

    private static String figures(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        long median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        return "median " + median + " ms, worst " + sorted.get(sorted.size() - 1) + " ms " + millis;
    }
}
