package org.openintercom.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.pki.ManufacturerCa;
import org.openintercom.provisioning.pki.Pem;

class CallRelaySettingsTest {

    @TempDir
    Path dir;

    @Test
    void the_media_threads_are_the_relays_default_unless_set_and_a_count_out_of_range_is_named() {
        assertThat(CallRelaySettings.builder().build().mediaThreads()).isEmpty();
        assertThat(CallRelaySettings.builder().mediaThreads(4).build().mediaThreads()).isEqualTo(Optional.of(4));
        assertThatThrownBy(() -> CallRelaySettings.builder().mediaThreads(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("media-threads 0 must be 1 to 64");
        assertThatThrownBy(() -> CallRelaySettings.builder().mediaThreads(65).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("media-threads 65 must be 1 to 64");
    }

    @Test
    void a_cloud_started_with_three_media_threads_forwards_on_three_threads_and_stops_them() {
        ManufacturerCa factory = ManufacturerCa.createOrLoad(dir.resolve("factory"), "f".toCharArray(),
                Clock.systemUTC());
        Path root = dir.resolve("manufacturer.crt");
        Pem.writeCertificates(root, List.of(factory.rootCertificate()));
        long before = mediaThreads();

        try (CloudLite cloud = CloudLite.start(CloudLiteConfig.builder().dataDir(dir.resolve("cloud")).ports(0, 0, 0)
                .relay(CallRelaySettings.builder().freePorts().mediaThreads(3).build()).manufacturerRoot(root)
                .initialAdminPassword("correct horse battery").build())) {
            assertThat(cloud.relay()).isPresent();
            assertThat(mediaThreads() - before).isEqualTo(3);
        }
        assertThat(mediaThreads()).isEqualTo(before);
    }

    private static long mediaThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("media-relay-io-")).count();
    }
}
