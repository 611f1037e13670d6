package org.openintercom.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.simulator.scenario.Scenario;
import org.openintercom.simulator.scenario.ScenarioLoader;

/** The simulator claims 100 emulated stations end to end and each one runs the configuration made for it. */
@Tag("slow")
class ClaimManyStationsTest {

    private static final int STATIONS = 100;

    @TempDir
    Path dir;

    @Test
    void one_hundred_stations_are_claimed_from_their_qr_codes_and_each_receives_its_configuration() {
        StringBuilder yaml = new StringBuilder("name: claim 100\ncloud: {}\nstations:\n");
        for (int i = 1; i <= STATIONS; i++) {
            yaml.append("  - station: {id: door").append(i).append(", model: ID5}\n")
                    .append("    claim:\n      site: Block ").append((i - 1) / 25 + 1).append('\n')
                    .append("      configuration:\n        name: Door ").append(i).append('\n')
                    .append("        buttons: {call: {call: \"sip:flat").append(i).append("@127.0.0.1\"}}\n")
                    .append("        door: {pulse: ").append(1 + i % 5).append("s, dtmf-code: \"").append(1000 + i)
                    .append("\"}\n");
        }
        yaml.append("steps: []\n");
        Scenario scenario = new ScenarioLoader(dir, Optional.empty()).parse(yaml.toString(), dir);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        try (ScenarioRunner runner = new ScenarioRunner(scenario, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            runner.start();

            for (int i = 1; i <= STATIONS; i++) {
                SimStation s = runner.station("door" + i);
                assertThat(s.cloud.sync().appliedVersion()).as("door%d applied version", i).isEqualTo(1);
                assertThat(s.agent.config().name()).isEqualTo("Door " + i);
                assertThat(s.agent.config().buttons().get("call")).isEqualTo(ButtonAction.call("sip:flat" + i + "@127.0.0.1"));
                assertThat(s.agent.config().door().dtmfCode()).contains(String.valueOf(1000 + i));
                assertThat(s.agent.config().door().pulse()).hasSeconds(1 + i % 5);
            }
            var devices = runner.cloudLite().orElseThrow().api().deviceStore()
                    .list(new org.openintercom.cloud.store.DeviceQuery(null, null, null));
            assertThat(devices).hasSize(STATIONS)
                    .allMatch(d -> d.state() == org.openintercom.cloud.store.DeviceState.ACTIVE);
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("door100", "claimed by the installer");
    }
}
