package org.openintercom.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.cloud.CloudConnector;
import org.openintercom.cloud.CloudLite;
import org.openintercom.cloud.device.DeviceEndpoint;
import org.openintercom.simulator.scenario.Scenario;
import org.openintercom.simulator.scenario.ScenarioLoader;

/** A station renews its certificate at 80 % of its lifetime and reconnects with the new one. */
class CertificateRenewalTest {

    @TempDir
    Path dir;

    @Test
    void a_station_renews_its_certificate_in_time_and_the_old_one_is_revoked() {
        // 90 s certificates (backdated 5 min by the CA): renewal falls due about 12 s after enrollment
        Scenario scenario = new ScenarioLoader(dir, Optional.empty()).parse("""
                cloud: {certificate-validity: 90s}
                stations:
                  - station: {id: gate, model: ID5}
                    claim: {site: Yard, configuration: {name: Gate}}
                steps: []
                """, dir);
        try (ScenarioRunner runner = new ScenarioRunner(scenario, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).start()) {
            CloudConnector gate = runner.station("gate").cloud;
            CloudLite cloud = runner.cloudLite().orElseThrow();
            BigInteger first = gate.certificateSerial().orElseThrow();

            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> gate.certificateSerial().filter(s -> !s.equals(first)).isPresent()
                            && gate.state() == CloudConnector.State.CONNECTED);

            BigInteger second = gate.certificateSerial().orElseThrow();
            assertThat(cloud.ca().isRevoked(first)).isTrue();
            assertThat(cloud.ca().isRevoked(second)).isFalse();
            assertThat(cloud.api().deviceStore().find(gate.deviceId()).orElseThrow().certificateSerial())
                    .isEqualTo(second.toString(16));
            assertThat(DeviceEndpoint.serial(second.toString(16))).isEqualTo(second);
        }
    }
}
