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
import org.openintercom.agent.cloud.CloudConnector;
import org.openintercom.cloud.CloudLite;
import org.openintercom.simulator.scenario.Scenario;
import org.openintercom.simulator.scenario.ScenarioLoader;

/** A station that is unclaimed notices, shows a new claim code, and can be claimed again with it. */
class UnclaimAndReclaimTest {

    @TempDir
    Path dir;

    @Test
    void an_unclaimed_station_gets_a_new_claim_code_and_can_be_claimed_again() {
        Scenario scenario = new ScenarioLoader(dir, Optional.empty()).parse("""
                cloud: {}
                stations:
                  - station: {id: gate, model: ID5}
                    claim: {site: Yard, configuration: {name: Gate}}
                steps: []
                """, dir);
        try (ScenarioRunner runner = new ScenarioRunner(scenario, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).start()) {
            SimStation gate = runner.station("gate");
            CloudLite cloud = runner.cloudLite().orElseThrow();
            String firstCode = gate.cloud.claimCode();
            String deviceId = gate.cloud.deviceId().value();
            await().atMost(Duration.ofSeconds(10)).until(() -> gate.cloud.state() == CloudConnector.State.CONNECTED);

            try (InstallerClient installer = InstallerClient.signIn(cloud.apiUri(), "admin", SimCloud.ADMIN_PASSWORD)) {
                installer.call("DELETE", "/api/v1/devices/" + deviceId + "/claim", null);

                await().atMost(Duration.ofSeconds(20))
                        .until(() -> gate.cloud.state() == CloudConnector.State.WAITING_FOR_CLAIM);
                String secondCode = gate.cloud.claimCode();
                assertThat(secondCode).isNotEqualTo(firstCode);
                assertThat(secondCode.replace("-", "")).contains(deviceId);

                long site = installer.createSite("Again", "Again", "Yard 2", "Europe/Zurich");
                installer.claim(site, secondCode, "Gate again",
                        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("name", "Gate 2"));

                await().atMost(Duration.ofSeconds(20)).until(() -> gate.cloud.state() == CloudConnector.State.CONNECTED
                        && "Gate 2".equals(gate.agent.config().name()));
                assertThat(installer.device(deviceId).path("state").asText()).isEqualTo("ACTIVE");
            }
        }
    }
}
