package org.openintercom.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ConfigurationValidatorTest {

    private final ConfigurationValidator validator = new ConfigurationValidator();

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void a_complete_configuration_is_valid() {
        assertThat(validator.problems(json("{'name':'Front door','buttons':{'flat-1':{'call':'sip:flat1@example.org'},"
                + "'bell':{'call':'sips:concierge@example.org'},'answer':{'action':'answer'},'code':{'send-dtmf':'12#'}},"
                + "'door':{'pulse':'500ms','dtmf-code':'4711'},'outputs':{'light':{'on':['ringing','connected']}}}")))
                .isEmpty();
    }

    @Test
    void an_empty_object_is_valid_and_anything_else_is_not() {
        assertThat(validator.problems(json("{}"))).isEmpty();
        assertThat(validator.problems(json("[]"))).containsExactly("configuration must be a JSON object");
    }

    @Test
    void unknown_keys_are_named_with_their_path() {
        assertThat(validator.problems(json("{'colour':'red','door':{'pulse':'2s','speed':1},"
                + "'outputs':{'light':{'on':[],'off':[]}}}")))
                .containsExactlyInAnyOrder(
                        "colour: unknown key (known: buttons, door, name, outputs)",
                        "door.speed: unknown key (known: dtmf-code, pulse)",
                        "outputs.light.off: unknown key (known: on)");
    }

    @Test
    void bad_button_values_are_named_with_their_path() {
        assertThat(validator.problems(json("{'buttons':{'a':{'call':'http://x'},'b':{'action':'dance'},"
                + "'c':{'send-dtmf':'12x'},'d':{'call':'sip:x','action':'answer'},'e':{'ring':'-x'},"
                + "'f':{'dial':'x'},'g':{'ring':'residents'}}}")))
                .containsExactlyInAnyOrder(
                        "buttons.a.call: 'http://x' must be a sip:, sips: or tel: URI",
                        "buttons.b.action: must be one of answer, hangup, open-door",
                        "buttons.c.send-dtmf: must be 1 to 32 DTMF digits (0-9, *, #, A-D)",
                        "buttons.d: must be an object with exactly one of call, ring, action, send-dtmf",
                        "buttons.e.ring: must name a ring group, SIP user or station on the call relay (1-64 letters,"
                                + " digits, '-', '_' or '.')",
                        "buttons.f.dial: unknown key (known: action, call, ring, send-dtmf)");
    }

    @Test
    void door_pulse_and_code_and_output_states_are_checked() {
        assertThat(validator.problems(json("{'door':{'pulse':'2 seconds','dtmf-code':12},"
                + "'outputs':{'light':{'on':['Ringing',3]}},'name':''}")))
                .containsExactlyInAnyOrder(
                        "door.pulse: must be a duration such as \"2s\" or \"500ms\"",
                        "door.dtmf-code: must be 1 to 32 DTMF digits (0-9, *, #, A-D)",
                        "outputs.light.on[0]: must be a state name such as \"ringing\" or \"door-open\"",
                        "outputs.light.on[1]: must be a state name such as \"ringing\" or \"door-open\"",
                        "name: must be a non-empty string of at most 64 characters");
        assertThat(validator.problems(json("{'door':{'pulse':'61s'}}")))
                .containsExactly("door.pulse: 61s is outside 1ms..60s");
    }

    @Test
    void what_stations_cannot_do_is_refused_like_the_stations_would() {
        assertThat(validator.problems(json("{'buttons':{'bell':{'call':'tel:+41441234567'}}}")))
                .singleElement().asString().contains("buttons.bell").contains("sip:");
        assertThat(validator.problems(json("{'outputs':{'light':{'on':['dancing']}}}")))
                .singleElement().asString().contains("outputs.light").contains("dancing");
    }
}
