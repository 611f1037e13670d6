package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@link Registration} value and how {@link SipEngineConfig} takes it. */
class RegistrationTest {

    @Test
    void picks_the_transport_from_the_registrar_uri() {
        assertThat(Registration.of("sip:relay.example.com", "door").transport()).isEqualTo(SipTransport.UDP);
        assertThat(Registration.of("sip:relay.example.com:5061;transport=TLS", "door").transport())
                .isEqualTo(SipTransport.TLS);
        assertThat(Registration.of("sips:relay.example.com", "door").transport()).isEqualTo(SipTransport.TLS);
        assertThat(Registration.of("sip:[::1]:5070;transport=tcp", "door").transport()).isEqualTo(SipTransport.TCP);
    }

    @Test
    void takes_the_domain_of_the_address_of_record_from_the_registrar_unless_given() {
        Registration r = Registration.of("sip:10.0.0.5:5060", "door");

        assertThat(r.aorDomain()).isEqualTo("10.0.0.5");
        assertThat(r.withDomain("example.com").aorDomain()).isEqualTo("example.com");
    }

    @Test
    void uses_the_aor_user_for_digest_unless_an_auth_user_is_given() {
        Registration r = Registration.of("sip:pbx", "201");

        assertThat(r.withCredentials(null, "pw").digestUser()).isEqualTo("201");
        assertThat(r.withCredentials("ext201", "pw").digestUser()).isEqualTo("ext201");
    }

    @Test
    void names_the_bad_field() {
        assertThatThrownBy(() -> Registration.of("sip:a b", "door")).hasMessageStartingWith("registrar");
        assertThatThrownBy(() -> Registration.of("sips:pbx;transport=udp", "door")).hasMessageContaining("sips:");
        assertThatThrownBy(() -> Registration.of("sip:pbx:70000", "door")).hasMessageContaining("port 70000");
        assertThatThrownBy(() -> Registration.of("sip:pbx", "do or")).hasMessageStartingWith("user");
        assertThatThrownBy(() -> Registration.of("sip:pbx", "door").withExpires(Duration.ZERO))
                .hasMessageStartingWith("expires");
        assertThatThrownBy(() -> Registration.of("sip:pbx", "door").withCredentials("a\"b", "pw"))
                .hasMessageStartingWith("authUser");
        assertThatThrownBy(() -> Registration.of("sip:pbx", "door").withDomain("a b"))
                .hasMessageStartingWith("domain");
    }

    @Test
    void the_engine_config_fills_in_its_user_and_requires_the_registrar_transport() {
        SipEngineConfig.Builder b = SipEngineConfig.builder().user("door").bindAddress(InetAddress.getLoopbackAddress())
                .udpPort(0).media(new RecordingMediaFactory(), SilentAudio.microphone(), SilentAudio.speaker());

        assertThat(b.registration(Registration.of("sip:pbx", "")).build().registration().orElseThrow().user())
                .isEqualTo("door");
        assertThat(b.registration(Registration.of("sip:pbx", "201")).build().registration().orElseThrow().user())
                .isEqualTo("201");
        assertThatThrownBy(() -> b.registration(Registration.of("sip:pbx;transport=tcp", "door")).build())
                .hasMessageContaining("TCP, which is not enabled");
        assertThat(b.registration(null).build().registration()).isEmpty();
    }
}
