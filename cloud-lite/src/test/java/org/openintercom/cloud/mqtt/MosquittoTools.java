package org.openintercom.cloud.mqtt;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the real Mosquitto 2.0 tools ({@code mosquitto}, {@code mosquitto_sub}, {@code mosquitto_pub}) with
 * timeouts, loopback only; interop tests call {@link #assumeInstalled()} first.
 */
final class MosquittoTools {

    static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    static final Path SUB = Path.of("/usr/bin/mosquitto_sub");
    static final Path PUB = Path.of("/usr/bin/mosquitto_pub");
    private static final Path STDBUF = Path.of("/usr/bin/stdbuf");
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** The PEM files a mosquitto client presents: CA to trust, its certificate chain and key. */
    record ClientFiles(Path caFile, Path certFile, Path keyFile) {
    }

    /** What a finished tool run printed (stdout and stderr together, with {@code -d} debug lines). */
    record Run(int exitCode, String output) {
    }

    private MosquittoTools() {
    }

    /** Skips the test when the tools are missing, except in CI (CI=true), where that is a failure. */
    static void assumeInstalled() {
        boolean installed = List.of(MOSQUITTO, SUB, PUB).stream().allMatch(Files::isExecutable);
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("mosquitto and mosquitto-clients must be installed in CI (" + MOSQUITTO + ", " + SUB + ", " + PUB
                    + ")");
        }
        assumeTrue(installed, "mosquitto / mosquitto-clients not installed");
    }

    /** Publishes one message at QoS 1 with {@code mosquitto_pub -V mqttv5 -d}; waits at most 15 s. */
    static Run publish(Path workDir, int port, ClientFiles files, String clientId, String topic, String message) {
        List<String> command = common(PUB, port, files, clientId);
        command.addAll(List.of("-q", "1", "-t", topic, "-m", message));
        Background run = start(workDir, command);
        return run.awaitExit(Duration.ofSeconds(15));
    }

    /**
     * Starts {@code mosquitto_sub -V mqttv5 -d -v} on {@code filter}; it exits after {@code count} messages (0: no
     * limit) or {@code seconds} at most.
     */
    static Background subscribe(Path workDir, int port, ClientFiles files, String clientId, String filter,
            int count, int seconds, String... extraArguments) {
        List<String> command = common(SUB, port, files, clientId);
        command.addAll(List.of(extraArguments));
        command.addAll(List.of("-q", "1", "-v", "-t", filter, "-W", String.valueOf(seconds)));
        if (count > 0) {
            command.addAll(List.of("-C", String.valueOf(count)));
        }
        return start(workDir, command);
    }

    /** Starts a Mosquitto broker with {@code conf}. */
    static Background broker(Path workDir, Path conf) {
        return start(workDir, List.of(MOSQUITTO.toString(), "-c", conf.toString()));
    }

    private static List<String> common(Path tool, int port, ClientFiles files, String clientId) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(STDBUF)) {
            // line-buffered output, so the log file shows the SUBACK while the tool still runs
            command.addAll(List.of(STDBUF.toString(), "-oL", "-eL"));
        }
        command.addAll(List.of(tool.toString(), "-h", "127.0.0.1", "-p",
                String.valueOf(port), "-V", "mqttv5", "-d", "-i", clientId, "--cafile", files.caFile().toString()));
        if (files.certFile() != null) {
            command.addAll(List.of("--cert", files.certFile().toString(), "--key", files.keyFile().toString()));
        }
        return command;
    }

    private static Background start(Path workDir, List<String> command) {
        Path out = workDir.resolve("run-" + RUNS.incrementAndGet() + ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .start();
            return new Background(process, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** A running tool whose output goes to a file. */
    record Background(Process process, Path outputFile) implements AutoCloseable {

        String output() {
            try {
                return Files.readString(outputFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits until the broker answered the SUBSCRIBE (or the tool ended); the output so far. */
        String awaitSuback(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String out = output();
                if (out.contains("SUBACK") || !process.isAlive()) {
                    return output();
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return fail("no SUBACK within %s; output:%n%s", timeout, output());
        }

        Run awaitExit(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    fail("%s did not exit within %s; output:%n%s", process.info().command().orElse("?"), timeout,
                            output());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return new Run(process.exitValue(), output());
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        }
    }
}
