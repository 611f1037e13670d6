package org.openintercom.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openintercom.agent.sip.Registration;
import org.openintercom.agent.sip.SipTransport;

/** The {@code sip.registrar} block of the station YAML. */
class RegistrarConfigTest {

    private static final Path BASE = Path.of("/etc/openintercom");

    private static StationConfig parse(String registrar) {
        return ConfigLoader.parse("""
                station: {id: frontdoor, model: ID5}
                sip:
                  udp-port: 5060
                  tcp-port: 5060
                  registrar:
                """ + registrar.indent(4), BASE);
    }

    private static void assertRefused(String registrar, String key, String messagePart) {
        assertThatThrownBy(() -> parse(registrar)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key))
                .hasMessageContaining(messagePart);
    }

    @Test
    void reads_a_registrar_with_every_key() {
        StationConfig c = parse("""
                uri: sip:pbx.example.com:5062;transport=tcp
                user: "201"
                auth-user: ext201
                password: s3cret
                expires: 5m
                """);

        Registration r = c.sip().registrar().orElseThrow();
        assertThat(r.registrar()).isEqualTo("sip:pbx.example.com:5062;transport=tcp");
        assertThat(r.transport()).isEqualTo(SipTransport.TCP);
        assertThat(r.user()).isEqualTo("201");
        assertThat(r.authUser()).contains("ext201");
        assertThat(r.password()).contains("s3cret");
        assertThat(r.expires()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.aorDomain()).isEqualTo("pbx.example.com");
    }

    @Test
    void defaults_to_the_station_id_ten_minutes_and_no_credentials() {
        Registration r = parse("uri: sip:relay.example.com").sip().registrar().orElseThrow();

        assertThat(r.user()).isEqualTo("frontdoor");
        assertThat(r.expires()).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.password()).isEmpty();
        assertThat(r.authUser()).isEmpty();
        assertThat(r.transport()).isEqualTo(SipTransport.UDP);
    }

    @Test
    void has_no_registrar_unless_configured() {
        StationConfig c = ConfigLoader.parse("station: {id: hall, model: IM6}", BASE);

        assertThat(c.sip().registrar()).isEmpty();
    }

    @Test
    void names_the_key_of_each_bad_value() {
        assertRefused("user: x", "sip.registrar.uri", "is required");
        assertRefused("uri: http://relay.example.com", "sip.registrar.uri", "not a SIP URI");
        assertRefused("uri: sip:relay.example.com;transport=sctp", "sip.registrar.uri", "sctp");
        assertRefused("uri: sip:door@relay.example.com", "sip.registrar.uri", "without a user part");
        assertRefused("{uri: 'sip:relay.example.com', user: 'a b'}", "sip.registrar.user", "'a b'");
        assertRefused("{uri: 'sip:relay.example.com', expires: 0s}", "sip.registrar.expires", "expires must be");
        assertRefused("{uri: 'sip:relay.example.com', expires: 1500ms}", "sip.registrar.expires", "whole number");
        assertRefused("{uri: 'sip:relay.example.com', expires: soon}", "sip.registrar.expires", "soon");
        assertRefused("{uri: 'sip:relay.example.com', auth-user: ext201}", "sip.registrar.password",
                "required when auth-user");
        assertRefused("{uri: 'sip:relay.example.com', password: ''}", "sip.registrar.password", "empty");
        assertRefused("{uri: 'sip:relay.example.com', realm: x}", "sip.registrar.realm", "unknown key");
    }

    @Test
    void refuses_a_registrar_over_a_transport_the_station_does_not_listen_on() {
        assertRefused("uri: sips:relay.example.com:5061", "sip.registrar.uri", "sip.tls-port is not set");
    }

    @Test
    void never_shows_the_password() {
        Registration r = parse("{uri: 'sip:relay.example.com', password: s3cret}").sip().registrar().orElseThrow();

        assertThat(r.toString()).doesNotContain("s3cret").contains("***");
    }
}
