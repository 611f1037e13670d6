package org.openintercom.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openintercom.agent.interop.TestStations.calls;
import static org.openintercom.agent.interop.TestStations.freePort;
import static org.openintercom.agent.interop.TestStations.given;
import static org.openintercom.agent.interop.TestStations.start;
import static org.openintercom.agent.interop.TestStations.tone;
import static org.openintercom.agent.interop.TestStations.udp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.call.CallOutcome;
import org.openintercom.agent.call.CallState;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.calllog.CallLog;
import org.openintercom.agent.calllog.CallRecord;
import org.openintercom.agent.config.ButtonAction;

/**
 * The agent is killed (SIGKILL, like a power cut) in the middle of a call: its call log still holds the call, and
 * the next start closes it as interrupted. The agent runs as its own process from its command line.
 */
@Tag("slow")
class KillMidCallTest {

    @TempDir
    Path dir;

    @Test
    void nothing_in_the_call_log_is_lost_when_the_agent_is_killed_mid_call() throws Exception {
        int hallPort = freePort();
        Path data = dir.resolve("hall-data");
        Path config = dir.resolve("hall.yaml");
        Files.writeString(config, """
                station: {id: hall, model: IM6, data-dir: %s}
                sip: {udp-port: %d}
                calls: {auto-answer: true}
                audio: {microphone: "tone:1000", speaker: "null"}
                """.formatted(data, hallPort));
        Process agent = startAgent(config);
        try (TestStations.Running door = start(given("frontdoor", "ID5", dir).sip(udp(freePort()))
                .calls(calls(false)).button("call", ButtonAction.call("sip:hall@127.0.0.1:" + hallPort))
                .audio(tone(440)).build())) {
            door.hardware().emulatedButton("call").press();
            await().atMost(Duration.ofSeconds(10)).until(() -> door.agent().currentCall().map(CallStatus::state)
                    .equals(Optional.of(CallState.CONNECTED)));
            Thread.sleep(500);

            agent.destroyForcibly();
            assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        try (CallLog log = CallLog.open(data.resolve("calls.jsonl"), Clock.systemUTC())) {
            CallRecord call = log.records().get(0);
            assertThat(log.records()).hasSize(1);
            assertThat(call.remote()).contains("frontdoor");
            assertThat(call.connectedAt()).as("it had been answered").isPresent();
            assertThat(call.codec()).contains("opus");
            assertThat(call.outcome()).contains(CallOutcome.INTERRUPTED);
        }
    }

    private static Process startAgent(Path config) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.openintercom.agent.AgentMain", "--config", config.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("ready ")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (java.io.IOException e) {
                        // process gone
                    }
                }, "agent-output");
                drain.setDaemon(true);
                drain.start();
                return p;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the agent did not get ready:\n" + seen);
    }
}
