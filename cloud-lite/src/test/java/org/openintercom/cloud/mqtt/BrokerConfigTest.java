package org.openintercom.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Building and checking the embedded broker's configuration. */
class BrokerConfigTest {

    private static BrokerConfig.Builder valid() {
        return BrokerConfig.builder().dataDirectory(Path.of("data")).serverKeyStore(Path.of("broker.p12"), "secret")
                .trustStorePem(Path.of("ca.pem"));
    }

    @Test
    void defaults_to_loopback_port_8883_no_plain_listener_and_file_persistence() {
        BrokerConfig config = valid().build();
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.tlsPort()).isEqualTo(8883);
        assertThat(config.plainTcpPortForTests()).isEmpty();
        assertThat(config.persistence()).isEqualTo(BrokerConfig.Persistence.FILE);
    }

    @Test
    void names_the_missing_key() {
        assertThatThrownBy(() -> BrokerConfig.builder().serverKeyStore(Path.of("k"), "p")
                .trustStorePem(Path.of("t")).build()).hasMessageContaining("dataDirectory");
    }

    @Test
    void refuses_a_port_out_of_range() {
        assertThatThrownBy(() -> valid().tlsPort(65536).build()).hasMessageContaining("tlsPort 65536");
    }

    @Test
    void does_not_print_passwords() {
        assertThat(valid().trustStore(Path.of("t.p12"), "hidden").build().toString()).doesNotContain("secret")
                .doesNotContain("hidden");
    }

    @Test
    void extend_makes_a_modified_copy() {
        BrokerConfig config = valid().build();
        assertThat(config.extend().tlsPort(0).build()).isEqualTo(new BrokerConfig(config.bindAddress(), 0,
                config.dataDirectory(), config.serverKeyStore(), config.serverKeyStorePassword(),
                config.trustStore(), config.trustStorePassword(), config.plainTcpPortForTests(),
                config.persistence()));
    }
}
