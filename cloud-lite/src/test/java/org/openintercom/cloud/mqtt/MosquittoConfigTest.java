package org.openintercom.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The generated Mosquitto configuration, and the example files shipped with it. */
class MosquittoConfigTest {

    /** The configuration the shipped example {@code mosquitto/mosquitto.conf} is generated from. */
    static MosquittoConfig example() {
        return MosquittoConfig.builder().listener("0.0.0.0", 8883)
                .caFile(Path.of("/etc/mosquitto/openintercom/ca-chain.pem"))
                .serverCertificate(Path.of("/etc/mosquitto/openintercom/broker.pem"),
                        Path.of("/etc/mosquitto/openintercom/broker.key"))
                .aclFile(Path.of("/etc/mosquitto/openintercom/acl"))
                .persistenceDirectory(Path.of("/var/lib/mosquitto")).build();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MosquittoConfigTest.class.getResourceAsStream("/mosquitto/" + name)) {
            assertThat(in).as("resource mosquitto/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void acl_lets_each_device_read_its_cloud_to_device_leaves_and_write_its_device_to_cloud_leaves() {
        assertThat(MosquittoConfig.acl()).contains(
                "pattern read oi/v1/dev/%u/desired\n",
                "pattern read oi/v1/dev/%u/cmd\n",
                "pattern write oi/v1/dev/%u/reported\n",
                "pattern write oi/v1/dev/%u/status\n",
                "pattern write oi/v1/dev/%u/events\n",
                "pattern write oi/v1/dev/%u/ack\n",
                "user cloud-lite\ntopic readwrite oi/v1/#\n");
    }

    @Test
    void conf_requires_a_client_certificate_and_takes_the_identity_from_it() {
        assertThat(example().mosquittoConf()).contains(
                "listener 8883 0.0.0.0\n",
                "require_certificate true\n",
                "max_topic_alias 0\n",
                "use_identity_as_username true\n",
                "use_username_as_clientid true\n",
                "allow_anonymous false\n",
                "acl_file /etc/mosquitto/openintercom/acl\n")
                .doesNotContain("crlfile").doesNotContain("\nuser ");
    }

    @Test
    void shipped_example_files_are_what_the_generator_writes() throws IOException {
        assertThat(resource("mosquitto.conf")).isEqualTo(example().mosquittoConf());
        assertThat(resource("acl")).isEqualTo(MosquittoConfig.acl());
    }

    @Test
    void refuses_a_port_out_of_range() {
        assertThatThrownBy(() -> MosquittoConfig.builder().listener("127.0.0.1", 70000).caFile(Path.of("ca"))
                .serverCertificate(Path.of("c"), Path.of("k")).aclFile(Path.of("acl")).build())
                .hasMessageContaining("port 70000");
    }
}
