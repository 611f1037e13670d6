package org.openintercom.cloud.calls.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MediaRelayConfigTest {

    @Test
    void defaults_bind_and_advertise_loopback_on_ports_10000_to_50000() {
        MediaRelayConfig config = MediaRelayConfig.builder().build();

        assertThat(config.bindAddress()).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(config.advertisedAddress()).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(config.ports()).isEqualTo(new PortRange(10000, 50000));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.latchWindow()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.ioThreads()).isEqualTo(Math.min(16, Runtime.getRuntime().availableProcessors()));
        assertThat(config.extend().build().ioThreads()).isEqualTo(config.ioThreads());
    }

    @Test
    void a_wildcard_bind_address_needs_an_advertised_address() throws Exception {
        InetAddress any = InetAddress.getByName("0.0.0.0");

        assertThatThrownBy(() -> MediaRelayConfig.builder().bindAddress(any).build())
                .hasMessageContaining("advertisedAddress 0.0.0.0 is a wildcard");
        MediaRelayConfig config = MediaRelayConfig.builder().bindAddress(any)
                .advertisedAddress(InetAddress.getByName("203.0.113.9")).build();
        assertThat(config.extend().ports(20000, 20099).build().advertisedAddress())
                .isEqualTo(InetAddress.getByName("203.0.113.9"));
    }

    @Test
    void bad_durations_and_missing_values_are_named() {
        assertThatThrownBy(() -> MediaRelayConfig.builder().idleTimeout(Duration.ZERO).build())
                .hasMessageContaining("idleTimeout PT0S");
        assertThatThrownBy(() -> MediaRelayConfig.builder().latchWindow(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("latchWindow PT-1S");
        assertThatThrownBy(() -> MediaRelayConfig.builder().ioThreads(0).build())
                .hasMessageContaining("ioThreads 0 must be 1 to 64");
        assertThatThrownBy(() -> MediaRelayConfig.builder().ports(null).build()).hasMessageContaining("ports");
        assertThatThrownBy(() -> MediaRelayConfig.builder().ports(100, 200))
                .hasMessageContaining("min 100 is outside 1024..65535");
    }
}
