package org.openintercom.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two stations on the two ends of a veth pair in a network namespace of their own find each other over IPv6
 * link-local mDNS on the standard port, and each reaches the other at its link-local address with the scope of the
 * interface it saw it on. Needs root and iproute2; the stations run in a child JVM started inside the namespace.
 */
@Tag("netns")
class MeshLinkLocalTest {

    private static final String A = "meshA";
    private static final String B = "meshB";

    @Test
    void stations_on_a_veth_pair_find_each_other_at_link_local_addresses_with_the_right_scope() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for ip netns");
        Path ip = List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"), Path.of("/usr/bin/ip")).stream()
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(ip != null, "needs iproute2");
        String ns = "oi-mesh-" + ProcessHandle.current().pid();
        try {
            run(ip.toString(), "netns", "add", ns);
            // DAD off before the link exists, or the addresses stay tentative (unbindable) for ~1.25 s
            run(ip.toString(), "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                    "net.ipv6.conf.default.accept_dad=0");
            run(ip.toString(), "-n", ns, "link", "add", A, "type", "veth", "peer", "name", B);
            run(ip.toString(), "-n", ns, "link", "set", A, "up");
            run(ip.toString(), "-n", ns, "link", "set", B, "up");

            List<String> output = run(ip.toString(), "netns", "exec", ns,
                    ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), MeshLinkLocalMain.class.getName(), A, B);

            Map<String, String[]> self = lines(output, "SELF").stream()
                    .collect(Collectors.toMap(f -> f[1], Function.identity()));
            List<String[]> found = lines(output, "FOUND");
            assertThat(found).as("both stations report the other: %s", output).hasSize(2);
            for (String[] f : found) {
                // FOUND <observer> <interface> <peer> <address%scope> <port> usable=true
                String observerInterface = f[2];
                String[] peer = self.get(f[3]);
                assertThat(peer).as("the peer is the other station").isNotNull();
                assertThat(peer[2]).as("it was on the other end").isNotEqualTo(observerInterface);
                assertThat(f[4]).startsWith("fe80:").endsWith("%" + observerInterface);
                assertThat(f[4]).isEqualTo(peer[3].replace("%" + peer[2], "%" + observerInterface));
                assertThat(f[6]).isEqualTo("usable=true");
            }
            output.stream().filter(l -> l.startsWith("SELF ") || l.startsWith("FOUND ")).forEach(System.out::println);
            lines(output, "DISCOVERED_MS").forEach(f -> System.out.println("mesh over IPv6 link-local: both "
                    + "stations verified each other " + f[1] + " ms after the first started"));
        } finally {
            new ProcessBuilder(ip.toString(), "netns", "del", ns).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String[]> lines(List<String> output, String tag) {
        return output.stream().filter(l -> l.startsWith(tag + " ")).map(l -> l.split(" ")).toList();
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
        boolean ended = p.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        reader.join(5_000);
        assertThat(ended && p.exitValue() == 0).as("%s exited %s:%n%s", String.join(" ", command),
                ended ? p.exitValue() : "(timed out)", String.join("\n", lines)).isTrue();
        return lines;
    }
}
