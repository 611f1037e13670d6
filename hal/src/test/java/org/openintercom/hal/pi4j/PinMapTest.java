package org.openintercom.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The pin map: lookups, validation, and building it from the station config keys. */
class PinMapTest {

    @Test
    void keeps_pins_in_order_with_pull_up_for_active_low() {
        PinMap pins = PinMap.builder().pin("call", 17, true).pin("door", 27, false).build();

        assertThat(pins.pins().keySet()).containsExactly("call", "door");
        assertThat(pins.pin("call").pull()).isEqualTo(PinMap.Pull.UP);
        assertThat(pins.pin("door").pull()).isEqualTo(PinMap.Pull.DOWN);
        assertThat(pins.pin("door").bcm()).isEqualTo(27);
    }

    @Test
    void looking_up_an_unmapped_id_names_it_and_the_mapped_ones() {
        PinMap pins = PinMap.builder().pin("call", 17, true).build();

        assertThatThrownBy(() -> pins.pin("door"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'door'").hasMessageContaining("[call]");
    }

    @Test
    void refuses_one_bcm_pin_for_two_devices_and_bad_numbers() {
        assertThatThrownBy(() -> PinMap.builder().pin("call", 17, true).pin("door", 17, false))
                .hasMessageContaining("17").hasMessageContaining("call").hasMessageContaining("door");
        assertThatThrownBy(() -> PinMap.builder().pin("call", 99, true))
                .hasMessageContaining("call").hasMessageContaining("99");
    }

    @Test
    void is_immutable_and_extends_into_a_modified_copy() {
        PinMap pins = PinMap.builder().pin("call", 17, true).build();
        PinMap more = pins.extend().pin("door", 27, false).build();

        assertThat(pins.pins()).hasSize(1);
        assertThat(more.pins()).hasSize(2);
        assertThatThrownBy(() -> pins.pins().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void is_built_from_the_station_config_keys() {
        java.util.Map<String, Integer> config = new java.util.LinkedHashMap<>();
        config.put("call", 17);
        config.put("door", 27);
        config.put("door-contact", 22);

        PinMap pins = PinMap.from(config, java.util.List.of("call", "door-contact"));

        assertThat(pins.pins().keySet()).containsExactly("call", "door", "door-contact");
        assertThat(pins.pin("call").activeLow()).isTrue();
        assertThat(pins.pin("door").activeLow()).isFalse();
        assertThat(pins.pin("door-contact").bcm()).isEqualTo(22);
        assertThatThrownBy(() -> PinMap.from(config, java.util.List.of("tamper")))
                .hasMessageContaining("tamper").hasMessageContaining("no pin");
    }
}
