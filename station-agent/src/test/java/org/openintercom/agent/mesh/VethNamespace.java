package org.openintercom.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of a test's own holding both ends of a veth pair (IPv6 link-local between them, DAD off so the
 * addresses are usable at once), where a class of the test runs in a child JVM (a JVM cannot enter a namespace per
 * thread). Skips the test without root or iproute2; deleted on close.
 */
final class VethNamespace implements AutoCloseable {

    private final String ip;
    private final String name;

    private VethNamespace(String ip, String name) {
        this.ip = ip;
        this.name = name;
    }

    /** Makes the namespace with the veth pair {@code a}-{@code b}, both up. */
    static VethNamespace create(String a, String b) throws IOException, InterruptedException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for ip netns");
        Path ip = List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"), Path.of("/usr/bin/ip")).stream()
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(ip != null, "needs iproute2");
        VethNamespace ns = new VethNamespace(ip.toString(), "oi-mesh-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime() % 100_000);
        run(ns.ip, "netns", "add", ns.name);
        try {
            // DAD off before the link exists, or the addresses stay tentative (unbindable) for ~1.25 s
            run(ns.ip, "netns", "exec", ns.name, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                    "net.ipv6.conf.default.accept_dad=0");
            run(ns.ip, "-n", ns.name, "link", "add", a, "type", "veth", "peer", "name", b);
            run(ns.ip, "-n", ns.name, "link", "set", a, "up");
            run(ns.ip, "-n", ns.name, "link", "set", b, "up");
            run(ns.ip, "-n", ns.name, "link", "set", "lo", "up");
        } catch (AssertionError | IOException | InterruptedException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** Adds {@code cidr} (e.g. {@code 10.203.0.1/24}) to interface {@code iface} of the namespace. */
    void address(String iface, String cidr) throws IOException, InterruptedException {
        run(ip, "-n", name, "address", "add", cidr, "dev", iface);
    }

    /** Runs {@code main} with {@code args} in a JVM inside the namespace; its output lines (it must exit 0). */
    List<String> java(Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ip, "netns", "exec", name,
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** Runs a command, returns its standard output lines; fails the test with its output if it does not exit 0. */
    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (var in = p.inputReader(StandardCharsets.UTF_8)) {
                in.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add("(output lost: " + e + ")");
            }
        });
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        reader.join(5_000);
        assertThat(ended && p.exitValue() == 0).as("%s exited %s:%n%s", String.join(" ", command),
                ended ? p.exitValue() : "(timed out)", String.join("\n", lines)).isTrue();
        return lines;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder(ip, "netns", "del", name).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }
}
