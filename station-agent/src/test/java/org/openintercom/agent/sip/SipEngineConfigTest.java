package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openintercom.hal.model.Codec;

class SipEngineConfigTest {

    private static SipEngineConfig.Builder valid() {
        return SipEngineConfig.builder().user("frontdoor").bindAddress(InetAddress.getLoopbackAddress()).udpPort(5060)
                .media(new RecordingMediaFactory(), SilentAudio.microphone(), SilentAudio.speaker());
    }

    @Test
    void defaults_are_all_codecs_and_the_openintercom_user_agent() {
        SipEngineConfig config = valid().build();

        assertThat(config.codecs()).containsExactly(Codec.OPUS, Codec.G722, Codec.G711);
        assertThat(config.userAgent()).isEqualTo("OpenIntercom");
        assertThat(config.port(SipTransport.UDP)).contains(5060);
        assertThat(config.port(SipTransport.TCP)).isEmpty();
        assertThat(config.outboundProxy()).isEmpty();
    }

    @Test
    void a_modified_copy_keeps_everything_else() {
        SipEngineConfig config = valid().displayName("Front door").build().toBuilder().tcpPort(0).build();

        assertThat(config.displayName()).isEqualTo("Front door");
        assertThat(config.port(SipTransport.UDP)).contains(5060);
        assertThat(config.port(SipTransport.TCP)).contains(0);
    }

    @Test
    void tls_without_material_is_refused_with_a_message_naming_the_fix() {
        assertThatThrownBy(() -> valid().tlsPort(5061).build()).hasMessageContaining("tls(TlsMaterial)");
    }

    @Test
    void the_wildcard_address_is_refused_because_peers_cannot_reach_it() throws Exception {
        assertThatThrownBy(() -> valid().bindAddress(InetAddress.getByName("0.0.0.0")).build())
                .hasMessageContaining("bindAddress").hasMessageContaining("0.0.0.0");
    }

    @Test
    void no_transport_at_all_is_refused() {
        assertThatThrownBy(() -> SipEngineConfig.builder().user("door").bindAddress(InetAddress.getLoopbackAddress())
                .media(new RecordingMediaFactory(), SilentAudio.microphone(), SilentAudio.speaker()).build())
                .hasMessageContaining("enable at least one transport");
    }

    @Test
    void a_user_part_with_spaces_or_at_signs_is_refused() {
        assertThatThrownBy(() -> valid().user("front door@x").build()).hasMessageContaining("user");
    }

    @Test
    void an_unreadable_key_store_names_the_file() {
        Path missing = Path.of("/nonexistent/door.p12");
        assertThatThrownBy(() -> TlsMaterial.pkcs12(missing, "x".toCharArray(), missing, "x".toCharArray(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/nonexistent/door.p12");
    }
}
