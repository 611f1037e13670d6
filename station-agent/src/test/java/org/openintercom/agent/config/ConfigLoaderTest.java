package org.openintercom.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openintercom.agent.mesh.MeshSettings;
import org.openintercom.agent.sip.DtmfMode;
import org.openintercom.hal.io.RelayMode;

class ConfigLoaderTest {

    private static final Path BASE = Path.of("/etc/openintercom");

    private static final String FULL = """
            station:
              id: frontdoor
              name: Front door
              model: ID5
              data-dir: /var/lib/openintercom
            sip:
              bind-address: 127.0.0.1
              udp-port: 5060
              tcp-port: 5060
              tls-port: 5061
              tls:
                key-store: certs/station.p12
                key-store-password: secret
                trust-store: certs/ca.p12
                trust-store-password: secret
            media:
              rtp-port-min: 20000
              rtp-port-max: 20100
            calls:
              ring-timeout: 20s
              talk-limit: 5m
              talk-limit-warning: 20s
              extend-key: "#"
              dtmf-mode: sip-info
            buttons:
              call:
                call: sip:im6@127.0.0.1:5070;transport=tls
            door:
              relay: door
              mode: pulse
              pulse: 1500ms
              dtmf-code: "1234"
              open-too-long: 2m
            """;

    @Test
    void reads_every_section_of_a_full_config() {
        StationConfig c = ConfigLoader.parse(FULL, BASE);

        assertThat(c.id()).isEqualTo("frontdoor");
        assertThat(c.name()).isEqualTo("Front door");
        assertThat(c.model().id()).isEqualTo("ID5");
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/openintercom"));
        assertThat(c.sip().udpPort()).contains(5060);
        assertThat(c.sip().tlsPort()).contains(5061);
        assertThat(c.sip().tls().orElseThrow().keyStore()).isEqualTo(BASE.resolve("certs/station.p12"));
        assertThat(c.sip().tls().orElseThrow().requireClientCertificate()).isTrue();
        assertThat(c.media().rtpPortMin()).isEqualTo(20000);
        assertThat(c.calls().ringTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.calls().talkLimit()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.calls().extendKey()).isEqualTo('#');
        assertThat(c.calls().dtmfMode()).isEqualTo(DtmfMode.SIP_INFO);
        assertThat(c.buttons().get("call")).isEqualTo(ButtonAction.call("sip:im6@127.0.0.1:5070;transport=tls"));
        assertThat(c.door().mode()).isEqualTo(RelayMode.PULSE);
        assertThat(c.door().pulse()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.door().dtmfCode()).contains("1234");
    }

    @Test
    void applies_the_documented_defaults() {
        StationConfig c = ConfigLoader.parse("station: {id: hall, model: IM6}", BASE);

        assertThat(c.calls().ringTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.calls().talkLimit()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.sip().udpPort()).contains(5060);
        assertThat(c.sip().tlsPort()).isEmpty();
        assertThat(c.door().dtmfCode()).isEqualTo(Optional.empty());
        assertThat(c.dataDir()).isEqualTo(BASE.resolve("data/hall"));
    }

    @Test
    void names_the_model_key_and_lists_known_models_for_an_unknown_model() {
        assertThatThrownBy(() -> ConfigLoader.parse("station: {id: x, model: XY99}", BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("station.model:")
                .hasMessageContaining("XY99")
                .hasMessageContaining("ID5")
                .hasMessageContaining("ET 908H");
    }

    @Test
    void names_the_key_of_a_bad_port() {
        assertThatThrownBy(() -> ConfigLoader.parse("station: {id: x, model: ID5}\nsip: {udp-port: 70000}", BASE))
                .hasMessage("sip.udp-port: '70000' is not a port (0-65535; 0 = any free port)");
        assertThatThrownBy(() -> ConfigLoader.parse("station: {id: x, model: ID5}\nsip: {udp-port: five}", BASE))
                .hasMessage("sip.udp-port: 'five' is not a whole number");
    }

    @Test
    void refuses_unknown_keys_so_typos_are_noticed() {
        assertThatThrownBy(() -> ConfigLoader.parse("station: {id: x, model: ID5}\ncalls: {ring-timout: 5s}", BASE))
                .hasMessageStartingWith("calls.ring-timout: unknown key; known keys here are [");
    }

    @Test
    void names_the_key_of_a_bad_duration() {
        assertThatThrownBy(() -> ConfigLoader.parse("station: {id: x, model: ID5}\ndoor: {pulse: 3 seconds}", BASE))
                .hasMessage("door.pulse: '3 seconds' is not a duration (examples: 500ms, 30s, 10m, 1h)");
    }

    @Test
    void names_the_button_of_a_bad_sip_uri() {
        assertThatThrownBy(() -> ConfigLoader.parse(
                "station: {id: x, model: ID5}\nbuttons: {call: {call: 'http://example'}}", BASE))
                .hasMessageStartingWith("buttons.call.call: 'http://example' is not a SIP URI");
    }

    @Test
    void names_a_button_the_model_does_not_have() {
        assertThatThrownBy(() -> ConfigLoader.parse(
                "station: {id: x, model: ID5}\nbuttons: {call9: {call: 'sip:a@127.0.0.1'}}", BASE))
                .hasMessageStartingWith("buttons.call9: model ID5 has no button 'call9'");
    }

    @Test
    void refuses_a_warning_that_is_not_shorter_than_the_talk_limit() {
        assertThatThrownBy(() -> ConfigLoader.parse(
                "station: {id: x, model: ID5}\ncalls: {talk-limit: 30s, talk-limit-warning: 30s}", BASE))
                .hasMessageStartingWith("calls.talk-limit-warning: '30s' must be at least 0 and shorter");
    }

    @Test
    void requires_tls_material_when_a_tls_port_is_set() {
        assertThatThrownBy(() -> ConfigLoader.parse("station: {id: x, model: ID5}\nsip: {tls-port: 5061}", BASE))
                .hasMessageStartingWith("sip.tls: is required when sip.tls-port is set");
    }

    @Test
    void reports_yaml_syntax_errors_with_their_line() {
        assertThatThrownBy(() -> ConfigLoader.parse("station:\n  id: [x\n", BASE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML at line");
    }

    @Test
    void reports_a_missing_file_by_name() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/station.yaml")))
                .hasMessage("config file /nonexistent/station.yaml does not exist");
    }

    @Test
    void names_the_key_of_a_bad_audio_device_before_anything_starts() {
        assertThatThrownBy(() -> ConfigLoader.parse("station: {id: x, model: ID5}\naudio: {microphone: 'tone:loud'}",
                BASE)).hasMessage("audio.microphone: 'tone:loud': tone needs a frequency from 20 to 7000 Hz, "
                        + "e.g. tone:440");
        assertThatThrownBy(() -> ConfigLoader.parse("station: {id: x, model: ID5}\naudio: {speaker: 'alsa'}", BASE))
                .hasMessage("audio.speaker: 'alsa' is not record, wav:PATH, null or javasound[:MIXER]");
    }

    @Test
    void names_every_device_of_the_model_that_has_no_pin_on_a_raspberry_pi() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                station: {id: x, model: ET 908H}
                hardware: {backend: pi4j, pins: {call: 17, door: 27}}
                """, BASE)).hasMessage("hardware.pins: model ET 908H needs pins for [door-contact, tamper, led-calling]");
    }

    @Test
    void refuses_a_bad_door_code() {
        assertThatThrownBy(() -> ConfigLoader.parse("station: {id: x, model: ID5}\ndoor: {dtmf-code: '12x'}", BASE))
                .hasMessage("door.dtmf-code: '12x' is not a DTMF code (1 to 16 of 0-9 * # A-D)");
    }

    @Test
    void reads_the_cloud_section() {
        StationConfig c = ConfigLoader.parse("""
                station: {id: gate, model: ID5}
                cloud:
                  device-api: https://cloud.example.org:8443
                  trust: certs/cloud-root.pem
                  factory: factory
                  poll-interval: 2s
                """, BASE);

        CloudSettings cloud = c.cloud().orElseThrow();
        assertThat(cloud.deviceApi()).hasToString("https://cloud.example.org:8443");
        assertThat(cloud.trust()).isEqualTo(BASE.resolve("certs/cloud-root.pem"));
        assertThat(cloud.factoryDir()).isEqualTo(BASE.resolve("factory"));
        assertThat(cloud.pollInterval()).hasSeconds(2);
        assertThat(cloud.reconnectMax()).hasSeconds(60);
        assertThat(cloud.mqttKeepAlive()).as("short, for the mesh failover").hasSeconds(10);
    }

    @Test
    void reads_the_mqtt_keepalive_in_whole_seconds() {
        String station = "station: {id: gate, model: ID5}\n";
        assertThat(ConfigLoader.parse(station + "cloud: {device-api: \"https://c.example\", trust: a.pem, factory: f,"
                + " mqtt-keepalive: 30s}", BASE).cloud().orElseThrow().mqttKeepAlive()).hasSeconds(30);
        assertThatThrownBy(() -> ConfigLoader.parse(station + "cloud: {device-api: \"https://c.example\", trust: a.pem,"
                + " factory: f, mqtt-keepalive: 500ms}", BASE)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("mqtt-keepalive must be whole seconds");
    }

    @Test
    void refuses_a_cloud_without_tls() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                station: {id: gate, model: ID5}
                cloud: {device-api: "http://cloud.example.org", trust: a.pem, factory: f}
                """, BASE)).isInstanceOf(ConfigException.class).hasMessageContaining("cloud")
                .hasMessageContaining("https://");
    }

    @Test
    void a_cloud_without_an_update_block_does_not_update_firmware() {
        StationConfig c = ConfigLoader.parse("""
                station: {id: gate, model: ID5}
                cloud: {device-api: "https://cloud.example.org", trust: a.pem, factory: f}
                """, BASE);

        assertThat(c.cloud().orElseThrow().update()).isEmpty();
    }

    @Test
    void reads_the_update_block_with_defaults_under_the_data_dir() {
        StationConfig c = ConfigLoader.parse("""
                station: {id: gate, model: ID5, data-dir: /var/lib/oi}
                cloud:
                  device-api: https://cloud.example.org
                  trust: a.pem
                  factory: f
                  update:
                    release-root: certs/release-root.crt
                    health-deadline: 90s
                    max-attempts: 4
                """, BASE);

        UpdateSettings u = c.cloud().orElseThrow().update().orElseThrow();
        assertThat(u.releaseRoot()).isEqualTo(BASE.resolve("certs/release-root.crt"));
        assertThat(u.slotsDir()).isEqualTo(Path.of("/var/lib/oi/slots"));
        assertThat(u.downloadDir()).isEqualTo(Path.of("/var/lib/oi/downloads"));
        assertThat(u.healthDeadline()).hasSeconds(90);
        assertThat(u.maxAttempts()).isEqualTo(4);
        assertThat(u.retryMax()).hasSeconds(60);
        assertThat(u.maxChunkRefetches()).isEqualTo(5);
    }

    @Test
    void refuses_an_update_block_without_a_release_root_or_with_unknown_keys() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                station: {id: gate, model: ID5}
                cloud: {device-api: "https://c.example", trust: a.pem, factory: f, update: {slots: s}}
                """, BASE)).isInstanceOf(ConfigException.class).hasMessageContaining("cloud.update.release-root");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                station: {id: gate, model: ID5}
                cloud: {device-api: "https://c.example", trust: a.pem, factory: f, update: {release-root: r, slot: s}}
                """, BASE)).isInstanceOf(ConfigException.class).hasMessageContaining("slot");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                station: {id: gate, model: ID5}
                cloud: {device-api: "https://c.example", trust: a.pem, factory: f, update: {release-root: r, max-attempts: 0}}
                """, BASE)).isInstanceOf(ConfigException.class).hasMessageContaining("max-attempts");
    }

    @Test
    void reads_the_mesh_block_with_defaults_for_what_it_leaves_out() {
        StationConfig c = ConfigLoader.parse("""
                station: {id: door, model: ID5}
                cloud: {device-api: "https://cloud.example.org", trust: a.pem, factory: f}
                mesh:
                  interfaces: [eth0, wlan0]
                  fail-after: 20s
                  recover-after: 1m
                  sip-port: 5071
                """, BASE);
        MeshSettings mesh = c.mesh().orElseThrow();
        assertThat(mesh.sipPort()).isEqualTo(5071);
        assertThat(mesh.interfaces()).containsExactly("eth0", "wlan0");
        assertThat(mesh.failAfter()).hasSeconds(20);
        assertThat(mesh.recoverAfter()).hasSeconds(60);
        assertThat(mesh.mdnsPort()).isEqualTo(5353);
        assertThat(mesh.probeInterval()).hasSeconds(5);
        assertThat(mesh.relayAnswerTimeout()).as("the call-time fallback's default").hasSeconds(2);
        assertThat(ConfigLoader.parse("station: {id: door, model: ID5}\n"
                + "cloud: {device-api: \"https://cloud.example.org\", trust: a.pem, factory: f}\nmesh: {}", BASE)
                .mesh().orElseThrow().sipPort()).as("a free port by default").isZero();
        assertThat(ConfigLoader.parse("station: {id: door, model: ID5}", BASE).mesh()).isEmpty();
    }

    @Test
    void refuses_a_bad_mesh_block_naming_the_key() {
        String cloud = "station: {id: door, model: ID5}\n"
                + "cloud: {device-api: \"https://cloud.example.org\", trust: a.pem, factory: f}\n";
        assertThatThrownBy(() -> ConfigLoader.parse(cloud + "mesh: {fail-after: soon}", BASE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mesh.fail-after");
        assertThatThrownBy(() -> ConfigLoader.parse(cloud + "mesh: {recover-after: 0s}", BASE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("recover-after PT0S is not positive");
        assertThat(ConfigLoader.parse(cloud + "mesh: {relay-answer-timeout: 0s}", BASE).mesh().orElseThrow()
                .relayAnswerTimeout()).as("0: no call-time fallback").isZero();
        assertThatThrownBy(() -> ConfigLoader.parse(cloud + "mesh: {relay-answer-timeout: later}", BASE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mesh.relay-answer-timeout");
        assertThatThrownBy(() -> ConfigLoader.parse(cloud + "mesh: {sip-port: 70000}", BASE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mesh SIP port 70000 is not 0-65535");
        assertThatThrownBy(() -> ConfigLoader.parse(cloud + "mesh: {interface: eth0}", BASE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mesh.interface");
        assertThatThrownBy(() -> ConfigLoader.parse("station: {id: door, model: ID5}\nmesh: {misses: 2}", BASE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs a cloud: section");
    }
}
