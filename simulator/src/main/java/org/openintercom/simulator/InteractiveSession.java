package org.openintercom.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.openintercom.simulator.scenario.Scenario;
import org.openintercom.simulator.scenario.ScenarioException;
import org.openintercom.simulator.scenario.Step;
import org.openintercom.simulator.scenario.Steps;

/** Runs a scenario's stations and performs steps typed on standard input until "quit" or end of input. */
final class InteractiveSession {

    private final Scenario scenario;
    private final InputStream in;
    private final PrintStream out;

    InteractiveSession(Scenario scenario, InputStream in, PrintStream out) {
        this.scenario = scenario;
        this.in = in;
        this.out = out;
    }

    int run() throws IOException {
        try (ScenarioRunner runner = new ScenarioRunner(scenario, out).start()) {
            out.println("Commands: press ST/BUTTON | long-press ST/BUTTON | answer ST | hangup ST | dtmf ST DIGITS |"
                    + " open-door ST | door-contact ST open|close | expect ST STATE | expect-audio ST HZ | wait 2s |"
                    + " status | quit");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.equals("quit") || line.equals("exit")) {
                    break;
                }
                if (line.equals("status")) {
                    runner.stations().forEach((id, s) -> out.println(id + ": "
                            + s.agent.currentCall().map(c -> c.state() + " " + c.remote()).orElse("idle")));
                    continue;
                }
                try {
                    Step step = Steps.parseLine(line, scenario.stations());
                    String failure = runner.perform(step);
                    out.println(failure == null ? "ok" : "FAIL: " + failure);
                } catch (ScenarioException e) {
                    out.println("? " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 1;
                }
            }
        }
        return 0;
    }
}
