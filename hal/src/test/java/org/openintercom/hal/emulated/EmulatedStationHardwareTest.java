package org.openintercom.hal.emulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openintercom.hal.Recorder;
import org.openintercom.hal.io.InputChange;
import org.openintercom.hal.io.InputTiming;
import org.openintercom.hal.io.RelayMode;
import org.openintercom.hal.model.DeviceModel;
import org.openintercom.hal.model.DeviceModels;
import org.openintercom.hal.model.InputSpec;
import org.openintercom.hal.model.StationKind;

/** The emulated station builds a device for everything each model has. */
class EmulatedStationHardwareTest {

    static java.util.List<DeviceModel> models() {
        return DeviceModels.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void builds_a_device_for_everything_the_model_has(DeviceModel model) {
        try (EmulatedStationHardware station = EmulatedStationHardware.builder(model).build()) {
            assertThat(station.buttons().keySet()).containsExactlyElementsOf(model.buttons());
            assertThat(station.relays().keySet()).containsExactlyElementsOf(model.relays());
            assertThat(station.inputs().keySet())
                    .containsExactlyElementsOf(model.inputs().stream().map(InputSpec::id).toList());
            assertThat(station.outputs().keySet()).containsExactlyElementsOf(model.outputs());
            assertThat(station.camera().isPresent()).isEqualTo(model.camera());
            assertThat(station.microphone().format()).isEqualTo(model.audioFormat());
            assertThat(station.speaker().format()).isEqualTo(model.audioFormat());
            if (model.kind() == StationKind.DOOR_STATION) {
                assertThat(station.emulatedDoorContact().id()).isEqualTo("door-contact");
            }
        }
    }

    @Test
    void the_door_contact_hook_fires_the_real_input_event() {
        InputTiming timing = new InputTiming(Duration.ofMillis(10), Duration.ofMillis(200));
        try (EmulatedStationHardware station = EmulatedStationHardware.builder(DeviceModels.byId("ID5"))
                .timing(timing).build()) {
            Recorder<InputChange> changes = new Recorder<>();
            station.input("door-contact").onChange(changes);

            station.emulatedDoorContact().simulateOpen();

            assertThat(changes.next(Duration.ofSeconds(2)).active()).isTrue();
        }
    }

    @Test
    void relays_take_their_configured_mode_and_unknown_ids_are_named() {
        EmulatedStationHardware.Builder builder = EmulatedStationHardware.builder(DeviceModels.byId("ID8"))
                .relay("aux", RelayMode.BISTABLE, Duration.ofSeconds(1));
        try (EmulatedStationHardware station = builder.build()) {
            assertThat(station.relay("aux").mode()).isEqualTo(RelayMode.BISTABLE);
            assertThat(station.relay("door").mode()).isEqualTo(RelayMode.PULSE);
            assertThatThrownBy(() -> station.relay("gate")).hasMessageContaining("ID8").hasMessageContaining("gate");
        }
        assertThatThrownBy(() -> builder.relay("gate", RelayMode.PULSE, Duration.ofSeconds(1)))
                .hasMessageContaining("gate").hasMessageContaining("[door, aux]");
    }
}
