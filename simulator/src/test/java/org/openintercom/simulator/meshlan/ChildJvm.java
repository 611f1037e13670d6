package org.openintercom.simulator.meshlan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Java main run in a JVM of its own inside a network namespace ({@code ip netns exec NS java ...}: a JVM cannot
 * enter a namespace per thread), with the test's class path. Its standard output and error go to a log file (and
 * the last lines are kept for failure messages); the lines it prints on standard output are its protocol with the
 * test (logging goes to standard error) and can be waited for. Commands go to its standard input.
 */
final class ChildJvm implements AutoCloseable {

    private static final int TAIL = 60;

    private final String name;
    private final Process process;
    private final Path log;
    private final Writer logWriter;
    private final PrintWriter stdin;
    private final Deque<String> tail = new ArrayDeque<>();
    private final BlockingQueue<String> protocol = new LinkedBlockingQueue<>();
    private String lastReport = "";

    private ChildJvm(String name, Process process, Path log) throws IOException {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        this.stdin = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
        pump(process.inputReader(StandardCharsets.UTF_8), "out");
        pump(process.errorReader(StandardCharsets.UTF_8), "err");
    }

    /**
     * Starts {@code main} with {@code args} in namespace {@code ns} ({@code ip} decides how), logging to
     * {@code log}; {@code jvmOptions} go before the class path.
     */
    static ChildJvm start(String name, Ip ip, String ns, Path log, List<String> jvmOptions, String main,
            List<String> args) {
        List<String> command = new ArrayList<>(ip.prefix(ns));
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-XX:+UseSerialGC", "-Xss512k", "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            return new ChildJvm(name, new ProcessBuilder(command).start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    private void pump(BufferedReader in, String stream) {
        Thread.ofPlatform().daemon().name(name + "-" + stream).start(() -> {
            try (in) {
                String line;
                while ((line = in.readLine()) != null) {
                    keep(stream, line);
                    if (stream.equals("out")) {
                        protocol.add(line);
                    }
                }
            } catch (IOException e) {
                keep(stream, "(output lost: " + e + ")");
            }
        });
    }

    private synchronized void keep(String stream, String line) {
        if (stream.equals("out") && line.startsWith("status ")) {
            // reports are polled often: keep one only when it differs from the one before (token aside)
            String report = line.substring(line.indexOf(' ', "status ".length()) + 1);
            if (report.equals(lastReport)) {
                return;
            }
            lastReport = report;
        }
        tail.addLast(line);
        if (tail.size() > TAIL) {
            tail.removeFirst();
        }
        try {
            logWriter.write(LocalTime.now() + " " + stream + " " + line + "\n");
            logWriter.flush();
        } catch (IOException e) {
            // the log is a help only
        }
    }

    /** Sends one command line. */
    void send(String command) {
        stdin.println(command);
    }

    /**
     * The next protocol line matching {@code wanted} within {@code within} (lines before it that do not match are
     * dropped); fails with the child's log tail otherwise.
     */
    String await(Predicate<String> wanted, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : protocol.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError(name + ": no " + what + " within " + within.toSeconds() + " s"
                            + (process.isAlive() ? "" : " (it exited " + process.exitValue() + ")") + "\n" + tail());
                }
                if (wanted.test(line)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /** The last lines it printed, for a failure message. */
    synchronized String tail() {
        return "---- last lines of " + name + " (whole log: " + log + ") ----\n" + String.join("\n", tail);
    }

    /** Stops it: SIGTERM (its shutdown hooks run), then a kill after {@code grace}. Only this process. */
    void stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
        synchronized (this) {
            try {
                logWriter.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }
}
