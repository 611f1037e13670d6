package org.openintercom.simulator.meshlan;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2 (and other commands inside a namespace) for the LAN harness: each command must exit 0, else it
 * throws with the command and its output.
 */
final class Ip {

    private final String ip;

    private Ip(String ip) {
        this.ip = ip;
    }

    /** iproute2, or the test is skipped (it needs root and {@code ip}). */
    static Ip require() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for ip netns");
        Path ip = List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"), Path.of("/usr/bin/ip")).stream()
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(ip != null, "needs iproute2 (ip)");
        return new Ip(ip.toString());
    }

    /** {@code ip ARGS}. */
    void run(String... args) {
        List<String> command = new ArrayList<>(List.of(ip));
        command.addAll(List.of(args));
        exec(command);
    }

    /** {@code ip ARGS}, ignoring failure (clean-up of what may not exist). */
    void quietly(String... args) {
        try {
            run(args);
        } catch (IllegalStateException e) {
            // gone already
        }
    }

    /** {@code COMMAND} inside namespace {@code ns}. */
    void inside(String ns, String... command) {
        List<String> c = new ArrayList<>(List.of(ip, "netns", "exec", ns));
        c.addAll(List.of(command));
        exec(c);
    }

    /** A command in the test's own namespace. */
    void command(String... command) {
        exec(List.of(command));
    }

    /** The command line that runs {@code command} inside {@code ns}. */
    List<String> prefix(String ns) {
        return List.of(ip, "netns", "exec", ns);
    }

    private static void exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
