package org.openintercom.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.simulator.scenario.FreePorts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The call benchmark (docs/benchmarks.md): button press → 180 Ringing latency over many calls between two
 * stations on loopback, the agent's start-to-ready time and idle RSS, and baresip's idle RSS measured in the same
 * run as the reference.
 */
@Command(name = "bench", description = "Prints press→180 latency p50/p99, agent start-to-ready and idle RSS, and "
        + "the agent/baresip idle RSS ratio.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--calls", defaultValue = "1000", description = "Calls to place (default ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--starts", defaultValue = "5", description = "Agent starts to time (default ${DEFAULT-VALUE}).")
    int starts;

    /** The JVM options recommended for a station (docs/operations.md): small heap, serial GC, C1 only. */
    static final List<String> DEVICE_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx64m", "-Xss512k",
            "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=64m");

    private final FreePorts ports = new FreePorts();

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("openintercom-bench-");
        System.out.println("== OpenIntercom call benchmark (" + Runtime.getRuntime().availableProcessors()
                + " cores, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ")");
        double[] latency = pressToRinging(dir);
        double[] startup = startToReady(dir);
        long baresipRss = baresipIdleRss(dir);
        System.out.println();
        System.out.printf(Locale.ROOT, "button press -> 180 Ringing (%d calls, incl. %d ms debounce): p50 %.1f ms, "
                + "p99 %.1f ms, max %.1f ms%n", latency.length, 30, percentile(latency, 50), percentile(latency, 99),
                percentile(latency, 100));
        System.out.println("agent JVM options: " + String.join(" ", DEVICE_JVM_OPTIONS));
        System.out.printf(Locale.ROOT, "agent start-to-ready (%d starts, new JVM each): median %.0f ms, worst %.0f ms%n",
                startup.length / 2, median(Arrays.copyOfRange(startup, 0, startup.length / 2)),
                percentile(Arrays.copyOfRange(startup, 0, startup.length / 2), 100));
        double agentRss = median(Arrays.copyOfRange(startup, startup.length / 2, startup.length));
        System.out.printf(Locale.ROOT, "agent idle RSS: %.1f MiB%n", agentRss / 1024);
        if (baresipRss > 0) {
            System.out.printf(Locale.ROOT, "baresip idle RSS: %.1f MiB -> agent/baresip ratio %.1fx%n",
                    baresipRss / 1024.0, agentRss / baresipRss);
        } else {
            System.out.println("baresip idle RSS: not measured (baresip-core not installed)");
        }
        return 0;
    }

    /** Latencies in ms from a press of the door station's call button to its RINGING state. */
    private double[] pressToRinging(Path dir) throws Exception {
        int hallPort = ports.next();
        StationConfig hall = StationConfig.builder("hall", "IM6").dataDir(dir.resolve("hall"))
                .sip(sip(hallPort)).build();
        StationConfig door = StationConfig.builder("frontdoor", "ID5").dataDir(dir.resolve("frontdoor"))
                .sip(sip(ports.next()))
                .button("call", ButtonAction.call("sip:hall@127.0.0.1:" + hallPort)).build();
        double[] out = new double[calls];
        try (SimStation h = new SimStation(hall); SimStation d = new SimStation(door)) {
            h.agent.start();
            d.agent.start();
            for (int i = 0; i < calls; i++) {
                int mark = d.events.mark();
                long t0 = System.nanoTime();
                d.hardware.emulatedButton("call").press();
                boolean ringing = d.events.await(mark, e -> e.type() == StationEvent.Type.CALL_STATE
                        && e.detail().startsWith("RINGING"), Duration.ofSeconds(5));
                if (!ringing) {
                    throw new IllegalStateException("call " + (i + 1) + " did not ring within 5 s");
                }
                out[i] = (System.nanoTime() - t0) / 1e6;
                d.agent.hangup();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                // the next visitor presses once this press is released and both stations are idle
                while ((d.hardware.emulatedButton("call").isPressed() || d.agent.currentCall().isPresent()
                        || h.agent.currentCall().isPresent()) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                if ((i + 1) % 100 == 0) {
                    System.out.printf(Locale.ROOT, "  %d calls, last %.1f ms%n", i + 1, out[i]);
                }
            }
        }
        return out;
    }

    /** Start-to-ready times (first half) and idle RSS in KiB (second half) of the agent in its own JVM. */
    private double[] startToReady(Path dir) throws Exception {
        double[] out = new double[starts * 2];
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int i = 0; i < starts; i++) {
            Path config = dir.resolve("start-" + i + ".yaml");
            Files.writeString(config, "station: {id: door" + i + ", model: ID5, data-dir: " + dir.resolve("s" + i)
                    + "}\nsip: {udp-port: " + ports.next() + "}\n");
            long t0 = System.nanoTime();
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(DEVICE_JVM_OPTIONS);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.openintercom.agent.AgentMain",
                    "--config", config.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null && !line.startsWith("ready ")) {
                    // skip log lines
                }
                if (line == null) {
                    throw new IllegalStateException("the agent exited before it was ready");
                }
                out[i] = (System.nanoTime() - t0) / 1e6;
                Thread.sleep(2000);
                out[starts + i] = rssKiB(p.pid());
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            System.out.printf(Locale.ROOT, "  start %d: ready in %.0f ms, idle RSS %.1f MiB%n", i + 1, out[i],
                    out[starts + i] / 1024);
        }
        return out;
    }

    /** Idle RSS in KiB of a headless baresip with one account, or 0 without baresip. */
    private long baresipIdleRss(Path dir) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/baresip"))) {
            return 0;
        }
        Path conf = Files.createDirectories(dir.resolve("baresip"));
        Files.writeString(conf.resolve("config"), String.join("\n",
                "sip_listen 127.0.0.1:" + ports.next(), "net_interface 127.0.0.1",
                "audio_player aubridge,nil", "audio_source aubridge,nil", "audio_alert aubridge,nil",
                "module_path /usr/lib/baresip/modules", "module g711.so", "module g722.so", "module opus.so",
                "module aubridge.so", "module_app account.so", "module_app menu.so") + "\n");
        Files.writeString(conf.resolve("accounts"), "<sip:bench@127.0.0.1>;regint=0\n");
        Process p = new ProcessBuilder("/usr/bin/baresip", "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(conf.resolve("log").toFile()).start();
        try {
            Thread.sleep(2000);
            long rss = rssKiB(p.pid());
            System.out.printf(Locale.ROOT, "  baresip idle RSS %.1f MiB%n", rss / 1024.0);
            return rss;
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static org.openintercom.agent.config.SipSettings sip(int udpPort) {
        return new org.openintercom.agent.config.SipSettings(java.net.InetAddress.getLoopbackAddress(),
                java.util.Optional.of(udpPort), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), "OpenIntercom/bench");
    }

    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double median(double[] values) {
        return percentile(values, 50);
    }

}
