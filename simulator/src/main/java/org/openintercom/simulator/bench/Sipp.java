package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's sipp (package {@code sip-tester}) running one of the scenarios in {@code /sipp/} (register, uac, uas) on
 * loopback: a registration, a callee, or a caller at a fixed rate whose progress is read from its statistics file.
 */
final class Sipp implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/bin/sipp");
    /** Socket buffer sizes (sipp's default 64 KiB drops bursts on a loaded machine). */
    static final int SOCKET_BUFFER = 4 << 20;

    private final Path dir;
    private final Process process;
    private final Path stats;
    private final long calls;

    private Sipp(Path dir, Process process, Path stats, long calls) {
        this.dir = dir;
        this.process = process;
        this.stats = stats;
        this.calls = calls;
    }

    static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** Registers {@code user} at {@code target} ({@code host:port}) with contact {@code 127.0.0.1:port}; waits. */
    static void register(Path dir, String target, int port, String user) {
        try (Sipp s = start(dir, "register", target, port, 1, List.of("-s", user, "-m", "1"))) {
            int code = s.await(30);
            if (code != 0) {
                throw new IllegalStateException("sipp could not register " + user + " at " + target + " (exit " + code
                        + "): " + s.output());
            }
        }
    }

    /** A callee answering every call on {@code port} (180, 200, waits for ACK and BYE) until closed. */
    static Sipp callee(Path dir, int port, int mediaPort) {
        return start(dir, "uas", null, port, 0, List.of("-mp", String.valueOf(mediaPort), "-recv_timeout", "10000"));
    }

    /**
     * A caller placing {@code calls} calls to {@code user} at {@code target} at {@code rate} calls/s, each held
     * {@code holdMs}; a call fails when an answer does not come within {@code recvTimeoutMs}.
     */
    static Sipp caller(Path dir, String target, int port, int mediaPort, String user, int rate, long calls, int holdMs,
            int recvTimeoutMs) {
        // a proxy with several workers may forward the 180 after the 200 (UDP keeps no order): sipp must not
        // abort the call for it (it logs it and goes on); calls still fail on timeouts and error responses
        return start(dir, "uac", target, port, calls, List.of("-s", user, "-r", String.valueOf(rate), "-m",
                String.valueOf(calls), "-l", "10000", "-d", String.valueOf(holdMs), "-mp", String.valueOf(mediaPort),
                "-recv_timeout", String.valueOf(recvTimeoutMs), "-default_behaviors", "all,-abortunexp"));
    }

    /** A UDP port for sipp's media (-mp) with the three ports after it free too (sipp binds mp and mp+2). */
    static int freeMediaPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = KamailioProxy.freeUdpPort();
            if (p > 65530) {
                continue;
            }
            try (java.net.DatagramSocket a = bind(p + 1); java.net.DatagramSocket b = bind(p + 2);
                    java.net.DatagramSocket c = bind(p + 3)) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no four free udp ports in a row for sipp's media");
    }

    private static java.net.DatagramSocket bind(int port) throws IOException {
        return new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", port));
    }

    private static Sipp start(Path dir, String scenario, String target, int port, long calls, List<String> args) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(scenario + ".xml");
            try (InputStream in = Sipp.class.getResourceAsStream("/sipp/" + scenario + ".xml")) {
                if (in == null) {
                    throw new IllegalArgumentException("no sipp scenario " + scenario);
                }
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            Path stats = dir.resolve("stats.csv");
            Files.deleteIfExists(stats);
            List<String> cmd = new ArrayList<>(List.of(EXECUTABLE.toString()));
            if (target != null) {
                cmd.add(target);
            }
            cmd.addAll(List.of("-sf", file.toString(), "-i", "127.0.0.1", "-p", String.valueOf(port), "-nostdin",
                    "-trace_stat", "-stf", stats.toString(), "-fd", "1", "-buff_size", String.valueOf(SOCKET_BUFFER)));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sipp.out").toFile()).start();
            return new Sipp(dir, p, stats, calls);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sipp in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The counters so far (from the statistics file sipp rewrites every second and at its end). */
    SippStats stats() {
        try {
            return Files.exists(stats) ? SippStats.parse(Files.readAllLines(stats), calls) : SippStats.NONE;
        } catch (IOException | RuntimeException e) {
            return SippStats.NONE; // being written
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Waits up to {@code seconds} for sipp to end (kills it after that); its exit code. */
    int await(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    /** What sipp printed. */
    String output() {
        try {
            return Files.readString(dir.resolve("sipp.out"));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            await(5);
        }
    }
}
