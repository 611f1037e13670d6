package org.openintercom.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
        try (VethNamespace ns = VethNamespace.create(A, B)) {
            List<String> output = ns.java(MeshLinkLocalMain.class, A, B);

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
        }
    }

    static List<String[]> lines(List<String> output, String tag) {
        return output.stream().filter(l -> l.startsWith(tag + " ")).map(l -> l.split(" ")).toList();
    }
}
