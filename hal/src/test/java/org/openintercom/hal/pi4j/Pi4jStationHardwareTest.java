package org.openintercom.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openintercom.hal.Recorder;
import org.openintercom.hal.io.ButtonPress;
import org.openintercom.hal.io.InputChange;
import org.openintercom.hal.io.InputRole;
import org.openintercom.hal.io.InputTiming;
import org.openintercom.hal.io.RelayMode;
import org.openintercom.hal.model.DeviceModels;

/** Pi4J adapters on the mock plugin: mock pin states fire real events into the shared debounce logic. */
class Pi4jStationHardwareTest {

    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final InputTiming TIMING = new InputTiming(Duration.ofMillis(20), Duration.ofMillis(300));

    /** The ET 908H: button "call", relay "door", inputs "door-contact" and "tamper", output "led-calling". */
    private static final PinMap ET_908H_PINS = PinMap.builder()
            .pin("call", 17, true)
            .pin("door", 27, false)
            .pin("door-contact", 22, false)
            .pin("tamper", 23, true)
            .pin("led-calling", 24, false)
            .build();

    private Context context;
    private Pi4jStationHardware station;

    @BeforeEach
    void givenAMockContext() {
        context = Pi4J.newContextBuilder().noAutoDetect()
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                .build();
    }

    @AfterEach
    void closeEverything() {
        if (station != null) {
            station.close();
        }
        context.shutdown();
    }

    private Pi4jStationHardware givenStation() {
        station = Pi4jStationHardware.builder(DeviceModels.byId("ET 908H"), ET_908H_PINS)
                .context(context)
                .timing(TIMING)
                .relay("door", RelayMode.PULSE, Duration.ofMillis(100))
                .build();
        return station;
    }

    private MockDigitalInput mockInput(String id) {
        return context.io("openintercom-" + id, MockDigitalInput.class);
    }

    private MockDigitalOutput mockOutput(String id) {
        return context.io("openintercom-" + id, MockDigitalOutput.class);
    }

    @Test
    void a_short_press_of_an_active_low_button_reports_down_then_short() {
        givenStation();
        MockDigitalInput call = mockInput("call");
        call.mockState(DigitalState.HIGH); // released: pulled up
        Recorder<ButtonPress> presses = new Recorder<>();
        station.button("call").onPress(presses);

        call.mockState(DigitalState.LOW);
        call.mockState(DigitalState.HIGH); // contact bounce
        call.mockState(DigitalState.LOW);
        assertThat(presses.next(WAIT).kind()).isEqualTo(ButtonPress.Kind.DOWN);
        assertThat(station.button("call").isPressed()).isTrue();
        call.mockState(DigitalState.HIGH);

        ButtonPress released = presses.next(WAIT);
        assertThat(released.kind()).isEqualTo(ButtonPress.Kind.SHORT);
        assertThat(released.buttonId()).isEqualTo("call");
        Recorder.sleep(Duration.ofMillis(50));
        assertThat(presses.all()).extracting(ButtonPress::kind)
                .containsExactly(ButtonPress.Kind.DOWN, ButtonPress.Kind.SHORT);
    }

    @Test
    void a_held_button_reports_long_and_no_short_on_release() {
        givenStation();
        MockDigitalInput call = mockInput("call");
        call.mockState(DigitalState.HIGH);
        Recorder<ButtonPress> presses = new Recorder<>();
        station.button("call").onPress(presses);

        call.mockState(DigitalState.LOW);
        assertThat(presses.next(WAIT).kind()).isEqualTo(ButtonPress.Kind.DOWN);
        ButtonPress held = presses.next(WAIT);
        assertThat(held.kind()).isEqualTo(ButtonPress.Kind.LONG);
        assertThat(held.held()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        call.mockState(DigitalState.HIGH);
        Recorder.await(() -> !station.button("call").isPressed(), WAIT);
        Recorder.sleep(Duration.ofMillis(50));

        assertThat(presses.all()).extracting(ButtonPress::kind)
                .containsExactly(ButtonPress.Kind.DOWN, ButtonPress.Kind.LONG);
    }

    @Test
    void an_input_change_is_debounced() {
        givenStation();
        MockDigitalInput contact = mockInput("door-contact");
        Recorder<InputChange> changes = new Recorder<>();
        station.input("door-contact").onChange(changes);

        contact.mockState(DigitalState.HIGH);
        contact.mockState(DigitalState.LOW);
        contact.mockState(DigitalState.HIGH);
        InputChange opened = changes.next(WAIT);

        assertThat(opened.active()).isTrue();
        assertThat(opened.role()).isEqualTo(InputRole.DOOR_CONTACT);
        assertThat(station.input("door-contact").isActive()).isTrue();
        Recorder.sleep(Duration.ofMillis(60));
        assertThat(changes.all()).hasSize(1);
    }

    @Test
    void an_active_low_input_is_active_while_the_pin_is_low() {
        givenStation();
        // the mock pin starts low, so the active-low tamper input starts active
        assertThat(station.input("tamper").isActive()).isTrue();
        Recorder<InputChange> changes = new Recorder<>();
        station.input("tamper").onChange(changes);

        mockInput("tamper").mockState(DigitalState.HIGH);

        assertThat(changes.next(WAIT).active()).isFalse();
        assertThat(station.input("tamper").isActive()).isFalse();
    }

    @Test
    void an_output_drives_the_pin() {
        givenStation();
        station.output("led-calling").set(true);
        assertThat(mockOutput("led-calling").state()).isEqualTo(DigitalState.HIGH);

        station.output("led-calling").set(false);
        assertThat(mockOutput("led-calling").state()).isEqualTo(DigitalState.LOW);
    }

    @Test
    void a_relay_pulse_switches_the_pin_on_and_off_again() {
        givenStation();
        MockDigitalOutput door = mockOutput("door");
        assertThat(door.state()).isEqualTo(DigitalState.LOW);

        station.relay("door").open();
        assertThat(door.state()).isEqualTo(DigitalState.HIGH);

        Recorder.await(() -> door.state() == DigitalState.LOW, WAIT);
        assertThat(station.relay("door").isOn()).isFalse();
    }

    @Test
    void an_active_low_relay_is_energised_by_a_low_pin_and_released_high() {
        PinMap pins = ET_908H_PINS.extend().pin("door", 27, true).build();
        station = Pi4jStationHardware.builder(DeviceModels.byId("ET 908H"), pins)
                .context(context).timing(TIMING).relay("door", RelayMode.HOLD, Duration.ofSeconds(1)).build();
        MockDigitalOutput door = mockOutput("door");
        assertThat(door.state()).isEqualTo(DigitalState.HIGH);

        station.relay("door").open();
        assertThat(door.state()).isEqualTo(DigitalState.LOW);
        station.relay("door").release();
        assertThat(door.state()).isEqualTo(DigitalState.HIGH);
    }

    @Test
    void closing_switches_outputs_off_and_releases_the_pins() {
        givenStation();
        station.relay("door").set(true);
        station.close();

        assertThat(context.hasIO("openintercom-door")).isFalse();
        assertThat(context.hasIO("openintercom-call")).isFalse();
        assertThat(context.isShutdown()).isFalse();
    }

    @Test
    void missing_pins_are_reported_by_model_and_id() {
        PinMap pins = PinMap.builder().pin("call", 17, true).pin("tamper", 23, true).build();

        assertThatThrownBy(() -> Pi4jStationHardware.builder(DeviceModels.byId("ET 908H"), pins)
                .context(context).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ET 908H")
                .hasMessageContaining("[door, door-contact, led-calling]");
        assertThat(context.hasIO("openintercom-call")).isFalse();
    }

    @Test
    void a_blank_relay_id_changes_nothing_and_an_unknown_one_is_refused() {
        Pi4jStationHardware.Builder builder = Pi4jStationHardware.builder(DeviceModels.byId("ET 908H"),
                ET_908H_PINS).context(context).relay(" ", RelayMode.HOLD, Duration.ofSeconds(1));

        assertThatThrownBy(() -> builder.relay("gate", RelayMode.PULSE, Duration.ofSeconds(1)))
                .hasMessageContaining("gate").hasMessageContaining("[door]");
        station = builder.build();
        assertThat(station.relay("door").mode()).isEqualTo(RelayMode.PULSE);
        assertThat(station.relay("door").pulseTime()).isEqualTo(Pi4jStationHardware.DEFAULT_PULSE);
    }
}
