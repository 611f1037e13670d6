package org.openintercom.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.call.CallOutcome;
import org.openintercom.agent.calllog.CallLog;
import org.openintercom.simulator.scenario.Scenario;

/** The README demo, as a test: every step passes and the console shows each step and event. */
class DemoScenarioTest {

    @TempDir
    Path dir;

    @Test
    void the_demo_rings_the_flats_group_through_the_relay_then_over_the_mesh_once_the_cloud_is_stopped()
            throws Exception {
        Scenario demo = SimulatorMain.load("builtin:demo", dir);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit = SimulatorMain.play(demo, new PrintStream(console, true, StandardCharsets.UTF_8));

        String out = console.toString(StandardCharsets.UTF_8);
        System.out.println(out); // the demo's console in the test report
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("== PASSED", "DOOR OPENED  dtmf", "heard 1000 Hz", "heard 440 Hz", "CONNECTED opus")
                .doesNotContain("FAIL");
        // the rollout before the call: both stations went through the whole update and run 1.1.0
        assertThat(out).contains("firmware 1.1.0 uploaded", "rollout 1 of 1.1.0 to 3 stations",
                "firmware 1.1.0: INSTALLING", "firmware 1.1.0: REBOOTING", "started again, running firmware 1.1.0",
                "firmware 1.1.0: COMMITTED", "ok    expect frontdoor to run firmware 1.1.0",
                "ok    expect hall to run firmware 1.1.0");
        // the call through the relay: registered under device ids, the group rang both, the kitchen was cancelled
        assertThat(out).contains("registered with the call relay as", "CALLING to sip:flat-12@",
                "kitchen      call ended  CANCELLED", "call history: group flat-12, rang ",
                "ANSWERED by ", "caller snapshot stored");
        // the cloud stopped: the plan and the peers were there, the mode turned MESH, the door rang both over the mesh
        assertThat(out).contains("fallback plan generation", "sees hall on the mesh", "sees kitchen on the mesh",
                "cloud        STOPPED", "frontdoor    calls go  MESH (the cloud has been unreachable",
                "calls went MESH", "hall         calls go  MESH", "kitchen      calls go  MESH", "CALLING to sips:");
        // the cloud back: the stations reconnected, the mesh call is in the history once, calls go through it again
        assertThat(out).contains("started again in", "device channel to the cloud is up",
                "ok    expect the call history to show frontdoor's mesh call once",
                "call history (once; the station's outbox is empty): mesh (offline)", "frontdoor    calls go  CLOUD");
        try (CallLog log = CallLog.open(dir.resolve("frontdoor/calls.jsonl"), java.time.Clock.systemUTC())) {
            assertThat(log.records()).hasSize(3).allSatisfy(r -> {
                assertThat(r.outcome()).contains(CallOutcome.ANSWERED);
                assertThat(r.snapshot()).isPresent();
                assertThat(r.codec()).contains("opus/SRTP");
            });
            assertThat(log.records()).extracting(r -> r.doorOpenings()).containsExactly(1, 1, 0);
            assertThat(log.records().get(0).remote()).startsWith("sip:flat-12@");
            assertThat(log.records().get(1).remote()).startsWith("sips:").contains(", sips:"); // both, directly
            // after the cloud's restart, through the relay again: the stations registered anew at once
            assertThat(log.records().get(2).remote()).startsWith("sip:flat-12@");
        }
    }

    @Test
    void a_failing_step_makes_the_run_fail_and_says_which() throws Exception {
        Scenario scenario = new org.openintercom.simulator.scenario.ScenarioLoader(dir, java.util.Optional.empty())
                .parse("""
                        stations:
                          - station: {id: door, model: ID5}
                        steps:
                          - expect: {station: door, state: connected, within: 200ms}
                        """, dir);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit = SimulatorMain.play(scenario, new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("FAIL  expect door connected: state is IDLE");
    }
}
