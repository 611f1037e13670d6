package org.openintercom.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.CloudLite;
import org.openintercom.simulator.scenario.Scenario;
import org.openintercom.simulator.scenario.ScenarioLoader;

/** What happens at a station reaches the cloud over MQTT: a door opening lands in the audit log. */
class StationEventsReachTheCloudTest {

    @TempDir
    Path dir;

    @Test
    void a_door_opened_at_the_station_is_in_the_cloud_audit_log() {
        Scenario scenario = new ScenarioLoader(dir, Optional.empty()).parse("""
                cloud: {}
                stations:
                  - station: {id: gate, model: ID5}
                    door: {relay: door, pulse: 500ms}
                    claim: {site: Yard}
                steps:
                  - open-door: gate
                """, dir);
        try (ScenarioRunner runner = new ScenarioRunner(scenario, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).start()) {
            CloudLite cloud = runner.cloudLite().orElseThrow();
            String device = runner.station("gate").cloud.deviceId().value();

            assertThat(runner.run()).isTrue();

            try (InstallerClient admin = InstallerClient.signIn(cloud.apiUri(), "admin", SimCloud.ADMIN_PASSWORD)) {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (var entry : admin.call("GET", "/api/v1/audit?limit=50", null).path("items")) {
                        if (entry.path("action").asText().equals("door-opened")
                                && entry.path("actor").asText().equals(device)
                                && entry.path("detail").asText().contains("remote")) {
                            return true;
                        }
                    }
                    return false;
                });
            }
        }
    }
}
