package org.openintercom.cloud.calls.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Port ranges are below Linux's ephemeral range (32768+) so no other socket of the build takes them by chance. */
class PortPoolTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final List<PortPool.BoundPair> taken = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (PortPool.BoundPair pair : taken) {
            PortPool.closeQuietly(pair.rtp());
            PortPool.closeQuietly(pair.rtcp());
        }
    }

    @Test
    void a_range_outside_the_unprivileged_ports_is_refused() {
        assertThatThrownBy(() -> new PortRange(80, 2000)).hasMessageContaining("min 80");
        assertThatThrownBy(() -> new PortRange(2000, 70000)).hasMessageContaining("max 70000");
        assertThatThrownBy(() -> new PortRange(3000, 2000)).hasMessageContaining("min 3000 is above max 2000");
    }

    @Test
    void a_range_without_room_for_one_pair_is_refused() {
        assertThatThrownBy(() -> new PortRange(2001, 2002)).hasMessageContaining("2001..2002");
        assertThatThrownBy(() -> new PortRange(2000, 2000)).hasMessageContaining("no even RTP port");
        assertThat(new PortRange(2001, 2003).pairs()).isEqualTo(1);
        assertThat(PortRange.DEFAULT.pairs()).isEqualTo(20000);
    }

    @Test
    void pairs_are_an_even_rtp_port_with_rtcp_above_it() throws Exception {
        PortPool pool = new PortPool(LOOPBACK, new PortRange(23001, 23010));

        PortPool.BoundPair first = take(pool);
        PortPool.BoundPair second = take(pool);

        assertThat(first.rtpPort()).isEqualTo(23002);
        assertThat(second.rtpPort()).isEqualTo(23004);
        assertThat(((InetSocketAddress) first.rtp().getLocalAddress()).getPort()).isEqualTo(23002);
        assertThat(((InetSocketAddress) first.rtcp().getLocalAddress()).getPort()).isEqualTo(23003);
        assertThat(((InetSocketAddress) first.rtp().getLocalAddress()).getAddress()).isEqualTo(LOOPBACK);
        assertThat(pool.pairsInUse()).isEqualTo(2);
    }

    @Test
    void ports_held_by_other_sockets_are_skipped() throws Exception {
        PortPool pool = new PortPool(LOOPBACK, new PortRange(23100, 23109));
        try (DatagramSocket rtpBusy = new DatagramSocket(new InetSocketAddress(LOOPBACK, 23100));
                DatagramSocket rtcpBusy = new DatagramSocket(new InetSocketAddress(LOOPBACK, 23103))) {

            assertThat(take(pool).rtpPort()).isEqualTo(23104);
            assertThat(pool.pairsInUse()).isEqualTo(1);
            assertThat(rtpBusy.getLocalPort() + rtcpBusy.getLocalPort()).isEqualTo(23100 + 23103);
        }
    }

    @Test
    void an_exhausted_range_says_so_and_a_released_pair_is_reused() throws Exception {
        PortPool pool = new PortPool(LOOPBACK, new PortRange(23200, 23203));
        PortPool.BoundPair first = take(pool);
        take(pool);

        assertThatThrownBy(() -> pool.allocate()).isInstanceOf(MediaPortsExhaustedException.class)
                .hasMessageContaining("no free RTP/RTCP port pair in 23200..23203")
                .hasMessageContaining("2 of 2 pairs used by the relay");

        first.rtp().close();
        first.rtcp().close();
        pool.release(first.rtpPort());
        assertThat(take(pool).rtpPort()).isEqualTo(23200);
    }

    @Test
    void releasing_a_port_that_is_no_rtp_port_of_the_range_is_refused() {
        PortPool pool = new PortPool(LOOPBACK, new PortRange(23300, 23303));

        assertThatThrownBy(() -> pool.release(23301)).hasMessageContaining("23301");
        assertThatThrownBy(() -> pool.release(5000)).hasMessageContaining("5000");
    }

    @Test
    void a_bind_address_of_another_host_fails_fast() throws Exception {
        PortPool pool = new PortPool(InetAddress.getByName("192.0.2.1"), new PortRange(23400, 23403));

        assertThatThrownBy(pool::checkBindAddress).hasMessageContaining("192.0.2.1");
    }

    private PortPool.BoundPair take(PortPool pool) {
        PortPool.BoundPair pair = pool.allocate();
        taken.add(pair);
        return pair;
    }
}
