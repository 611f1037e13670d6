package org.openintercom.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void ports_come_from_below_the_kernels_ephemeral_range_and_are_never_handed_out_twice() throws Exception {
        int[] ephemeral = FreePorts.ephemeralRange();
        FreePorts ports = FreePorts.outsideOf(ephemeral);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int port = ports.next();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            assertThat(port).isBetween(FreePorts.LOWEST, ephemeral[0] - 1);
        }
        // a handed-out port binds for both transports
        int port = ports.next();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(address)) {
            tcp.bind(address);
            assertThat(udp.getLocalPort()).isEqualTo(tcp.getLocalPort());
        }
    }

    @Test
    void a_port_some_socket_holds_is_skipped() throws Exception {
        int port = new FreePorts().next();
        try (DatagramSocket held = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                port))) {
            assertThatThrownBy(() -> new FreePorts(port, port).next()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("no port between " + port + " and " + port
                            + " is free for both UDP and TCP on loopback");
        }
        assertThat(new FreePorts(port, port).next()).isEqualTo(port);
    }

    @Test
    void where_the_ephemeral_range_leaves_little_room_below_ports_come_from_above_it_or_from_the_kernel() {
        assertThat(FreePorts.outsideOf(new int[] {20500, 60000}).range()).containsExactly(60001, 65535);
        assertThat(FreePorts.outsideOf(new int[] {1024, 65535}).range()).containsExactly(0, 0);
        assertThat(FreePorts.outsideOf(new int[] {1024, 65535}).next()).isPositive();
        assertThat(FreePorts.outsideOf(new int[] {49152, 65535}).range()).containsExactly(FreePorts.LOWEST, 49151);
    }
}
