package org.openintercom.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mesh settings: the defaults, a modified copy, and messages that name the bad value. */
class MeshSettingsTest {

    @Test
    void defaults_to_every_link_local_interface_on_the_standard_port_probing_every_5_seconds() {
        MeshSettings settings = MeshSettings.builder().build();
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.autoInterfaces()).isTrue();
        assertThat(settings.mdnsPort()).isEqualTo(5353);
        assertThat(settings.probeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.misses()).isEqualTo(3);
        assertThat(settings.sipPort()).as("the mesh engine on a free port").isZero();
        assertThat(settings.probeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.failAfter()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.recoverAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void extend_changes_only_what_it_is_told() {
        MeshSettings lan = MeshSettings.builder().interfaces(List.of("eth0")).misses(5).build();
        MeshSettings copy = lan.extend().mdnsPort(15353).build();
        assertThat(copy).isEqualTo(new MeshSettings(true, List.of("eth0"), 15353, Duration.ofSeconds(5), 5,
                Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(30)));
    }

    @Test
    void refuses_bad_values_naming_them() {
        assertThatThrownBy(() -> MeshSettings.builder().interfaces(List.of()).build())
                .hasMessageContaining("name at least one");
        assertThatThrownBy(() -> MeshSettings.builder().interfaces(List.of("auto", "eth0")).build())
                .hasMessageContaining("\"auto\" stands alone");
        assertThatThrownBy(() -> MeshSettings.builder().mdnsPort(0).build()).hasMessageContaining("port 0");
        assertThatThrownBy(() -> MeshSettings.builder().probeInterval(Duration.ofMillis(10)).build())
                .hasMessageContaining("PT0.01S is shorter than 100 ms");
        assertThatThrownBy(() -> MeshSettings.builder().misses(0).build()).hasMessageContaining("misses 0");
        assertThatThrownBy(() -> MeshSettings.builder().probeTimeout(Duration.ZERO).build())
                .hasMessageContaining("timeout PT0S is not positive");
        assertThatThrownBy(() -> MeshSettings.builder().failAfter(Duration.ZERO).build())
                .hasMessageContaining("fail-after PT0S is not positive");
        assertThatThrownBy(() -> MeshSettings.builder().recoverAfter(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("recover-after PT-1S is not positive");
        assertThatThrownBy(() -> MeshSettings.builder().sipPort(-1).build())
                .hasMessageContaining("mesh SIP port -1 is not 0-65535");
    }
}
