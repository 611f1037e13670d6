package org.openintercom.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.config.StationConfig;

class ScenarioLoaderTest {

    @TempDir
    Path dir;

    private Scenario parse(String yaml) {
        return new ScenarioLoader(dir, Optional.of(dir.resolve("pki"))).parse(yaml, dir);
    }

    @Test
    void gives_each_station_free_ports_and_resolves_placeholders_to_their_uris() {
        Scenario s = parse("""
                stations:
                  - station: {id: door, model: ID5}
                    buttons: {call: {call: "${hall.tls}"}}
                  - station: {id: hall, model: IM6}
                    sip: {tls-port: 0, tls: {key-store: "${pki}/hall.p12", trust-store: "${pki}/trust.p12"}}
                steps:
                  - press: door/call
                  - expect: {station: hall, state: incoming, within: 2s}
                """);

        StationConfig hall = s.stations().get(1);
        int tls = hall.sip().tlsPort().orElseThrow();
        assertThat(tls).isPositive();
        assertThat(s.stations().get(0).buttons().get("call"))
                .isEqualTo(ButtonAction.call("sip:hall@127.0.0.1:" + tls + ";transport=tls"));
        assertThat(hall.sip().tls().orElseThrow().keyStore()).isEqualTo(dir.resolve("pki/hall.p12"));
        assertThat(hall.dataDir()).isEqualTo(dir.resolve("hall"));
        assertThat(s.steps()).containsExactly(new Step.Press("door", "call", false),
                new Step.ExpectState("hall", "incoming", java.time.Duration.ofSeconds(2)));
    }

    @Test
    void names_the_station_and_key_of_a_bad_station_config() {
        assertThatThrownBy(() -> parse("""
                stations:
                  - station: {id: door, model: ID5}
                    calls: {ring-timeout: soon}
                steps: []
                """)).isInstanceOf(ScenarioException.class)
                .hasMessage("stations[0] (door): calls.ring-timeout: 'soon' is not a duration "
                        + "(examples: 500ms, 30s, 10m, 1h)");
    }

    @Test
    void names_the_step_that_refers_to_an_unknown_station_or_button() {
        String stations = "stations:\n  - station: {id: door, model: ID5}\n";
        assertThatThrownBy(() -> parse(stations + "steps:\n  - press: hall/call\n"))
                .hasMessage("steps[1]: no station 'hall'; stations are [door]");
        assertThatThrownBy(() -> parse(stations + "steps:\n  - press: door/answer\n"))
                .hasMessageStartingWith("steps[1]: model ID5 of door has no button 'answer'");
        assertThatThrownBy(() -> parse(stations + "steps:\n  - jump: door\n"))
                .hasMessageStartingWith("steps[1]: unknown step 'jump'");
    }

    @Test
    void refuses_an_unknown_placeholder() {
        assertThatThrownBy(() -> parse("""
                stations:
                  - station: {id: door, model: ID5}
                    buttons: {call: {call: "${nobody.udp}"}}
                steps: []
                """)).hasMessageStartingWith("stations[0]: unknown placeholder ${nobody.udp}");
    }

    @Test
    void parses_interactive_commands_into_steps() {
        Scenario s = parse("stations:\n  - station: {id: door, model: ID5}\nsteps: []\n");
        assertThat(Steps.parseLine("dtmf door 1234", s.stations())).isEqualTo(new Step.Dtmf("door", "1234"));
        assertThat(Steps.parseLine("door-contact door close", s.stations()))
                .isEqualTo(new Step.DoorContact("door", false));
        assertThatThrownBy(() -> Steps.parseLine("dtmf door", s.stations()))
                .hasMessageStartingWith("'dtmf' needs more arguments");
    }

    @Test
    void parses_the_steps_of_a_cloud_going_away() {
        Scenario s = parse("""
                stations:
                  - station: {id: door, model: ID5}
                  - station: {id: hall, model: IM6}
                steps:
                  - expect-fallback-plan: {station: door, button: call, targets: [hall]}
                  - expect-mesh-peers: {station: door, peers: [hall], within: 20s}
                  - stop-cloud: {}
                  - expect-link-mode: {station: door, mode: mesh, within: 15s}
                  - expect-relay: {station: door, relay: door, pulses: 2}
                  - start-cloud: {}
                  - expect-connected: {station: door}
                  - expect-offline-call-record: {station: door, status: answered, answered-by: hall}
                """);

        assertThat(s.steps()).containsExactly(
                new Step.ExpectFallbackPlan("door", "call", java.util.List.of("hall"),
                        java.time.Duration.ofSeconds(10)),
                new Step.ExpectMeshPeers("door", java.util.List.of("hall"), java.time.Duration.ofSeconds(20)),
                new Step.StopCloud(),
                new Step.ExpectLinkMode("door", "MESH", java.time.Duration.ofSeconds(15)),
                new Step.ExpectRelay("door", "door", 2, java.time.Duration.ofSeconds(5)),
                new Step.StartCloud(),
                new Step.ExpectConnected("door", java.time.Duration.ofSeconds(30)),
                new Step.ExpectOfflineCallRecord("door", "ANSWERED", Optional.of("hall"),
                        java.time.Duration.ofSeconds(30)));
        assertThat(Steps.parseLine("stop-cloud", s.stations())).isEqualTo(new Step.StopCloud());
        assertThat(Steps.parseLine("expect-link-mode door cloud", s.stations()))
                .isEqualTo(new Step.ExpectLinkMode("door", "CLOUD", java.time.Duration.ofSeconds(30)));
    }

    @Test
    void names_a_link_mode_that_does_not_exist_and_a_mesh_peer_that_is_not_a_station() {
        String stations = "stations:\n  - station: {id: door, model: ID5}\nsteps:\n";
        assertThatThrownBy(() -> parse(stations + "  - expect-link-mode: {station: door, mode: lan}\n"))
                .hasMessage("steps[1]: mode 'lan' is not one of cloud, mesh, standalone");
        assertThatThrownBy(() -> parse(stations + "  - expect-mesh-peers: {station: door, peers: [hall]}\n"))
                .hasMessage("steps[1]: no station 'hall'; stations are [door]");
    }

    @Test
    void unclaimed_stations_of_a_small_run_ask_every_half_second_and_of_a_large_one_as_seldom_as_a_real_station() {
        StringBuilder yaml = new StringBuilder("cloud: {}\nstations:\n");
        for (int i = 0; i < 3; i++) {
            yaml.append("  - station: {id: door").append(i).append(", model: ID5}\n    claim: {site: Block}\n");
        }
        yaml.append("  - station: {id: lobby, model: ID5}\nsteps: []\n");
        Scenario s = parse(yaml.toString());

        assertThat(s.stations().get(0).cloud().orElseThrow().pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.stations().get(3).cloud()).isEmpty();
        assertThat(ScenarioLoader.enrollmentPoll(10)).isEqualTo(Duration.ofMillis(500));
        assertThat(ScenarioLoader.enrollmentPoll(40)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ScenarioLoader.enrollmentPoll(200)).isEqualTo(Duration.ofSeconds(5));
        assertThat(ScenarioLoader.enrollmentPoll(2000)).isEqualTo(Duration.ofSeconds(5));
    }
}
