package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A media relay under test, running as a process of its own with an ng control port on loopback: cloud-lite's relay
 * in a child JVM ({@link MediaRelayNgServer}) or Debian's rtpengine (userspace forwarding). Its CPU time is read
 * from {@code /proc}.
 */
final class RelayProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;
    private final InetSocketAddress ng;

    private RelayProcess(String name, Process process, Path log, InetSocketAddress ng) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.ng = ng;
    }

    /** cloud-lite's {@code MediaRelay} in a child JVM on this JVM's class path, relaying on ports min..max. */
    static RelayProcess ours(Path dir, int portMin, int portMax) {
        int ngPort = PeerProcess.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xms256m", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                MediaRelayNgServer.class.getName(), Integer.toString(ngPort), Integer.toString(portMin),
                Integer.toString(portMax));
        return start("cloud-lite MediaRelay", command, dir.resolve("media-relay.log"), ngPort);
    }

    /**
     * rtpengine from Debian: userspace only ({@code --table=-1}), no configuration file, loopback, ports min..max,
     * sessions freed at once after {@code delete}; started through {@code sh} to raise its open-file limit.
     */
    static RelayProcess rtpengine(Path dir, int portMin, int portMax) {
        int ngPort = PeerProcess.freePort();
        String rtpengine = "rtpengine --config-file=none --foreground --table=-1 --interface=127.0.0.1"
                + " --listen-ng=127.0.0.1:" + ngPort + " --port-min=" + portMin + " --port-max=" + portMax
                + " --delete-delay=0 --timeout=3600 --log-stderr --log-level=4";
        List<String> command = List.of("sh", "-c",
                "ulimit -n 65536 2>/dev/null || ulimit -n \"$(ulimit -Hn)\"; exec " + rtpengine);
        return start("rtpengine", command, dir.resolve("rtpengine.log"), ngPort);
    }

    /** The Debian package's version, e.g. "10.5.3.5-1", or null when rtpengine is not installed. */
    static String rtpengineVersion() {
        try {
            Process p = new ProcessBuilder("rtpengine", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return p.exitValue() == 0 ? out.replaceFirst("(?s).*Version:\\s*", "").strip() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static RelayProcess start(String name, List<String> command, Path log, int ngPort) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
        RelayProcess relay = new RelayProcess(name, process,
                log, new InetSocketAddress(InetAddress.getLoopbackAddress(), ngPort));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (NgClient probe = new NgClient(relay.ng, Duration.ofMillis(200))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + ": "
                            + relay.output());
                }
                if (probe.ping()) {
                    return relay;
                }
            }
        }
        relay.close();
        throw new IllegalStateException(name + " did not answer ng ping within " + START_TIMEOUT + ": "
                + relay.output());
    }

    String name() {
        return name;
    }

    InetSocketAddress ng() {
        return ng;
    }

    /** CPU seconds the relay process used so far (user + system, every thread), NaN if unknown. */
    double cpuSeconds() {
        return CpuTime.process(process.pid());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What the relay has logged so far. */
    String output() {
        return Processes.output(log);
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
