package org.openintercom.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UdpDropsTest {

    private static final String HEADER = "  sl  local_address rem_address st tx_queue rx_queue tr tm->when retrnsmt uid"
            + " timeout inode ref pointer drops";

    @Test
    void sums_the_drops_column_of_the_sockets_on_the_port() {
        List<String> lines = List.of(HEADER,
                " 5624: 0000000000000000FFFF00000100007F:1C20 00000000000000000000000000000000:0000 07 "
                        + "00000000:00000000 00:00000000 00000000     0        0 82575 2 000000002c569003 9854",
                "  12: 0100007F:1C21 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 82576 2 "
                        + "000000002c569004 7");
        assertThat(UdpDrops.count(lines, 7200)).isEqualTo(9854);
        assertThat(UdpDrops.count(lines, 7201)).isEqualTo(7);
        assertThat(UdpDrops.count(lines, 7202)).isEqualTo(-1);
    }
}
