package org.openintercom.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openintercom.simulator.scenario.Scenario;
import org.openintercom.simulator.scenario.ScenarioException;
import org.openintercom.simulator.scenario.ScenarioLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Command line of the simulator: {@code demo}, {@code run SCENARIO}, {@code interactive SCENARIO}, {@code bench}, {@code bench-claim},
 * {@code bench-firmware}, {@code bench-relay}, {@code bench-media}, {@code bench-mesh}. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Runs emulated intercom stations (real agents, real SIP/RTP on loopback, emulated hardware).",
        subcommands = {SimulatorMain.Demo.class, SimulatorMain.Run.class, SimulatorMain.Interactive.class,
            BenchCommand.class, MeshBenchCommand.class, org.openintercom.simulator.bench.ClaimBenchCommand.class,
            org.openintercom.simulator.bench.FirmwareBenchCommand.class,
            org.openintercom.simulator.bench.RelayBenchCommand.class,
            org.openintercom.simulator.bench.MediaBenchCommand.class})
public final class SimulatorMain implements Callable<Integer> {

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = new CommandLine(new SimulatorMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    /** Loads a scenario from a file or a bundled resource ("builtin:demo"). */
    static Scenario load(String source, Path runDir) {
        String yaml;
        Path base;
        if (source.startsWith("builtin:")) {
            String resource = "/scenarios/" + source.substring("builtin:".length()) + ".yaml";
            try (InputStream in = SimulatorMain.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ScenarioException("no built-in scenario " + source);
                }
                yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            base = runDir;
        } else {
            Path file = Path.of(source);
            try {
                yaml = Files.readString(file);
            } catch (IOException e) {
                throw new ScenarioException("cannot read scenario " + file + ": " + e.getMessage());
            }
            base = file.toAbsolutePath().getParent();
        }
        Optional<Path> pki = Optional.of(runDir.resolve("pki"));
        return new ScenarioLoader(runDir, pki).parse(yaml, base);
    }

    static Path runDir(Path given, String name) throws IOException {
        if (given != null) {
            Files.createDirectories(given);
            return given;
        }
        return Files.createTempDirectory("openintercom-" + name + "-");
    }

    static int play(Scenario scenario, PrintStream out) {
        out.println("== " + scenario.name());
        try (ScenarioRunner runner = new ScenarioRunner(scenario, out).start()) {
            boolean passed = runner.run();
            out.println(passed ? "== PASSED: every step succeeded" : "== FAILED (see the step marked FAIL above)");
            return passed ? 0 : 1;
        }
    }

    /**
     * The README demo: stations claimed and updated from the cloud, a call through the cloud's relay, then the cloud
     * stopped and the same call over the local mesh, and its record in the call history once the cloud is back.
     */
    @Command(name = "demo", description = "cloud-lite embedded claims an ID5 door station and two IM6 indoor "
            + "stations and rolls firmware out; a call rings the flat's group through the cloud's relay (answer, audio "
            + "both ways, door opened by DTMF); then the cloud is stopped and the same press rings the indoor stations "
            + "over the local mesh; the cloud comes back and records the mesh call once. Exits non-zero if any step "
            + "fails.")
    static final class Demo implements Callable<Integer> {
        @Option(names = "--run-dir", description = "Where the stations keep their data (default: a temp folder).")
        Path runDir;

        @Override
        public Integer call() throws IOException {
            Path dir = runDir(runDir, "demo");
            Scenario scenario = load("builtin:demo", dir);
            int code = play(scenario, System.out);
            System.out.println("== station data (call logs, snapshots) in " + dir);
            return code;
        }
    }

    /** What the scenario commands share: the scenario argument, the run folder and reporting a bad file. */
    abstract static class ScenarioCommand implements Callable<Integer> {
        @Parameters(paramLabel = "SCENARIO", description = "Scenario YAML file, or builtin:NAME.")
        String scenario;

        @Option(names = "--run-dir", description = "Where the stations keep their data (default: a temp folder).")
        Path runDir;

        abstract String name();

        abstract int run(Scenario loaded) throws IOException;

        @Override
        public Integer call() throws IOException {
            Scenario loaded;
            try {
                loaded = load(scenario, runDir(runDir, name()));
            } catch (ScenarioException e) {
                System.err.println("scenario error: " + e.getMessage());
                return 2;
            }
            return run(loaded);
        }
    }

    /** Runs a scenario file. */
    @Command(name = "run", description = "Runs a scenario file (see docs/simulator.md).")
    static final class Run extends ScenarioCommand {
        @Override
        String name() {
            return "run";
        }

        @Override
        int run(Scenario loaded) {
            return play(loaded, System.out);
        }
    }

    /** Starts a scenario's stations and takes steps from standard input. */
    @Command(name = "interactive", description = "Starts the stations of a scenario (its steps are not played) "
            + "and reads steps from standard input: press frontdoor/call, answer hall, dtmf hall 1234, ...")
    static final class Interactive extends ScenarioCommand {
        @Override
        String name() {
            return "interactive";
        }

        @Override
        int run(Scenario loaded) throws IOException {
            return new InteractiveSession(loaded, System.in, System.out).run();
        }
    }
}
