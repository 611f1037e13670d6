package org.openintercom.hal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openintercom.hal.io.InputRole;

/** The device-model catalogue: lookup and the invariants the agent relies on. */
class DeviceModelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"ET 908H", "et908h", " et 908h ", "ET-908H", "Et 908 H"})
    void finds_a_model_ignoring_case_and_spaces(String id) {
        assertThat(DeviceModels.byId(id).id()).isEqualTo("ET 908H");
    }

    @Test
    void an_unknown_model_lists_every_known_id() {
        assertThatThrownBy(() -> DeviceModels.byId("XY 1"))
                .isInstanceOf(UnknownDeviceModelException.class)
                .hasMessageContaining("'XY 1'")
                .satisfies(e -> assertThat(e.getMessage())
                        .contains(DeviceModels.all().stream().map(DeviceModel::id).toList()));
        assertThatThrownBy(() -> DeviceModels.byId(null)).isInstanceOf(UnknownDeviceModelException.class);
    }

    @Test
    void every_door_station_has_a_call_button_a_door_relay_and_a_door_contact() {
        assertThat(DeviceModels.all()).filteredOn(m -> m.kind() == StationKind.DOOR_STATION).isNotEmpty()
                .allSatisfy(model -> {
                    assertThat(model.buttons()).as(model.id()).containsAnyOf("call", "call1");
                    assertThat(model.relays()).as(model.id()).contains("door");
                    assertThat(model.inputs()).as(model.id()).extracting(InputSpec::role)
                            .contains(InputRole.DOOR_CONTACT);
                });
    }

    @Test
    void ids_are_unique_within_each_model() {
        assertThat(DeviceModels.all()).allSatisfy(model -> {
            java.util.List<String> ids = new java.util.ArrayList<>(model.buttons());
            ids.addAll(model.relays());
            model.inputs().forEach(spec -> ids.add(spec.id()));
            ids.addAll(model.outputs());
            assertThat(ids).as(model.id()).doesNotHaveDuplicates();
        });
    }

    @Test
    void mx_models_speak_opus_at_48k_and_bf_models_do_not() {
        assertThat(DeviceModels.byId("ID5").supports(Codec.OPUS)).isTrue();
        assertThat(DeviceModels.byId("ID5").audioFormat().sampleRate()).isEqualTo(48000);
        assertThat(DeviceModels.byId("ET 962H").supports(Codec.OPUS)).isFalse();
        assertThat(DeviceModels.byId("ET 962H").audioFormat().sampleRate()).isEqualTo(16000);
    }
}
