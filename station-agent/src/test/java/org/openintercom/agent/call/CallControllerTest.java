package org.openintercom.agent.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.StationAgent;
import org.openintercom.agent.config.CallSettings;
import org.openintercom.agent.config.DoorSettings;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.sip.DtmfMode;
import org.openintercom.agent.sip.EndCause;
import org.openintercom.agent.testing.ScriptedCallEngine;
import org.openintercom.hal.emulated.EmulatedStationHardware;
import org.openintercom.hal.io.InputTiming;
import org.openintercom.hal.io.RelayMode;

class CallControllerTest {

    @TempDir
    Path dir;

    private final ScriptedCallEngine engine = new ScriptedCallEngine();
    private final List<StationEvent> events = new CopyOnWriteArrayList<>();
    private EmulatedStationHardware hardware;
    private StationAgent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private StationAgent givenDoorStation(CallSettings calls) {
        StationConfig config = StationConfig.builder("frontdoor", "ID5")
                .dataDir(dir)
                .calls(calls)
                .button("call", ButtonAction.call("sip:hall@127.0.0.1:5070"))
                .door(new DoorSettings("door", RelayMode.PULSE, Duration.ofMillis(200), Optional.of("1234"),
                        Duration.ofMillis(300)))
                .build();
        hardware = EmulatedStationHardware.builder(config.model())
                .name("Front door")
                .relay("door", RelayMode.PULSE, Duration.ofMillis(200))
                .timing(InputTiming.builder().debounce(Duration.ofMillis(5)).longPress(Duration.ofMillis(500)).build())
                .build();
        agent = StationAgent.builder(config).hardware(hardware).callEngine(engine).build();
        agent.addListener(events::add);
        return agent.start();
    }

    private static CallSettings calls(Duration ring, Duration talk, Duration warning) {
        return new CallSettings(ring, talk, warning, '*', false, Duration.ZERO, DtmfMode.RFC4733,
                Duration.ZERO);
    }

    private String pressAndDial() throws InterruptedException {
        hardware.emulatedButton("call").press();
        ScriptedCallEngine.Command dial = engine.next("dial");
        assertThat(dial.argument()).isEqualTo("sip:hall@127.0.0.1:5070");
        return dial.callId();
    }

    @Test
    void a_button_press_dials_the_configured_target_and_takes_a_snapshot() throws Exception {
        givenDoorStation(CallSettings.DEFAULTS);
        String callId = pressAndDial();

        await().atMost(Duration.ofSeconds(5)).until(() -> agent.callLog().find(callId)
                .flatMap(r -> r.snapshot()).isPresent());
        assertThat(agent.callLog().find(callId).orElseThrow().snapshot().orElseThrow()).exists();
        assertThat(agent.currentCall()).map(CallStatus::state).contains(CallState.CALLING);
    }

    @Test
    void ends_an_unanswered_call_after_the_ring_timeout() throws Exception {
        givenDoorStation(calls(Duration.ofMillis(300), Duration.ofMinutes(10), Duration.ZERO));
        String callId = pressAndDial();
        engine.ringing(callId);

        assertThat(engine.next("hangup").callId()).isEqualTo(callId);
        await().atMost(Duration.ofSeconds(2)).until(() -> agent.currentCall().isEmpty());
        assertThat(agent.callLog().find(callId).orElseThrow().outcome()).contains(CallOutcome.NO_ANSWER);
    }

    @Test
    void ignores_a_180_that_arrives_after_the_200() throws Exception {
        givenDoorStation(CallSettings.DEFAULTS);
        String callId = pressAndDial();
        engine.connected(callId, "G722");
        engine.ringing(callId);

        Thread.sleep(100);
        assertThat(agent.currentCall()).map(CallStatus::state).contains(CallState.CONNECTED);
    }

    @Test
    void opens_relay_when_dtmf_code_matches() throws Exception {
        givenDoorStation(CallSettings.DEFAULTS);
        String callId = pressAndDial();
        engine.connected(callId, "PCMU");
        for (char d : "91234".toCharArray()) {
            engine.dtmf(callId, d);
        }

        assertThat(hardware.emulatedRelay("door").awaitPulses(1, Duration.ofSeconds(2))).isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> events.stream()
                .anyMatch(e -> e.type() == StationEvent.Type.DOOR_OPENED && e.detail().equals("dtmf")));
        assertThat(agent.callLog().find(callId).orElseThrow().doorOpenings()).isEqualTo(1);
    }

    @Test
    void does_not_open_the_door_for_a_wrong_code() throws Exception {
        givenDoorStation(CallSettings.DEFAULTS);
        String callId = pressAndDial();
        engine.connected(callId, "PCMU");
        for (char d : "1243".toCharArray()) {
            engine.dtmf(callId, d);
        }

        assertThat(hardware.emulatedRelay("door").awaitPulses(1, Duration.ofMillis(300))).isFalse();
    }

    @Test
    void warns_before_the_talk_limit_and_extends_it_by_the_extend_key() throws Exception {
        givenDoorStation(calls(Duration.ofSeconds(30), Duration.ofMillis(600), Duration.ofMillis(300)));
        String callId = pressAndDial();
        engine.connected(callId, "opus");

        assertThat(engine.next("tone").callId()).isEqualTo(callId);
        engine.dtmf(callId, '*');
        await().atMost(Duration.ofSeconds(2)).until(() -> events.stream()
                .anyMatch(e -> e.type() == StationEvent.Type.TALK_LIMIT_EXTENDED));
        // extended: a second warning comes, then the limit ends the call
        assertThat(engine.next("tone").callId()).isEqualTo(callId);
        assertThat(engine.next("hangup").callId()).isEqualTo(callId);
        await().atMost(Duration.ofSeconds(2)).until(() -> agent.callLog().find(callId).orElseThrow().outcome()
                .equals(Optional.of(CallOutcome.TALK_LIMIT)));
    }

    @Test
    void ends_a_connected_call_when_no_audio_arrives_from_the_other_side() throws Exception {
        givenDoorStation(new CallSettings(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ZERO, '*', false,
                Duration.ZERO, DtmfMode.RFC4733, Duration.ofMillis(400)));
        String callId = pressAndDial();
        engine.connected(callId, "PCMU");

        assertThat(engine.next("hangup").callId()).isEqualTo(callId);
        await().atMost(Duration.ofSeconds(2)).until(() -> agent.currentCall().isEmpty());
        assertThat(agent.callLog().find(callId).orElseThrow().endDetail()).contains("no audio");
    }

    @Test
    void answers_busy_to_a_second_call_and_logs_it() throws Exception {
        givenDoorStation(CallSettings.DEFAULTS);
        String first = pressAndDial();
        engine.incoming("second", "sip:guard@127.0.0.1");

        ScriptedCallEngine.Command reject = engine.next("reject");
        assertThat(reject.callId()).isEqualTo("second");
        assertThat(reject.argument()).isEqualTo("busy");
        await().atMost(Duration.ofSeconds(2)).until(() -> agent.callLog().find("second").isPresent());
        assertThat(agent.callLog().find("second").orElseThrow().outcome()).contains(CallOutcome.BUSY);
        assertThat(agent.currentCall()).map(CallStatus::callId).contains(first);
    }

    @Test
    void maps_a_busy_callee_to_a_busy_outcome() throws Exception {
        givenDoorStation(CallSettings.DEFAULTS);
        String callId = pressAndDial();
        engine.ended(callId, EndCause.BUSY, 486);

        await().atMost(Duration.ofSeconds(2)).until(() -> agent.currentCall().isEmpty());
        assertThat(agent.callLog().find(callId).orElseThrow().outcome()).contains(CallOutcome.BUSY);
    }

    @Test
    void raises_door_open_too_long_from_the_door_contact() throws Exception {
        givenDoorStation(CallSettings.DEFAULTS);
        hardware.emulatedDoorContact().simulateOpen();

        await().atMost(Duration.ofSeconds(3)).until(() -> events.stream()
                .anyMatch(e -> e.type() == StationEvent.Type.DOOR_OPEN_TOO_LONG));
        assertThat(agent.eventHistory()).extracting(StationEvent::type)
                .contains(StationEvent.Type.DOOR_CONTACT_OPEN, StationEvent.Type.DOOR_OPEN_TOO_LONG);
    }

    @Test
    void a_long_press_hangs_up_the_live_call() throws Exception {
        givenDoorStation(CallSettings.DEFAULTS);
        String callId = pressAndDial();
        engine.connected(callId, "PCMU");
        // the first press is still held for a few ms: a new press starts after its release
        await().atMost(Duration.ofSeconds(2)).until(() -> !hardware.emulatedButton("call").isPressed());
        Thread.sleep(50);
        hardware.emulatedButton("call").longPress();

        assertThat(engine.next("hangup").callId()).isEqualTo(callId);
    }


    @Test
    void reconfigure_changes_button_target_door_code_and_outputs_while_running() throws Exception {
        givenDoorStation(CallSettings.DEFAULTS);
        StationConfig next = agent.config().toBuilder()
                .name("Gate")
                .button("call", ButtonAction.call("sip:guard@127.0.0.1:5080"))
                .door(new DoorSettings("door", RelayMode.PULSE, Duration.ofMillis(300), Optional.of("777"),
                        Duration.ofMillis(300)))
                .output("led-calling", java.util.Set.of(org.openintercom.agent.config.StationCondition.CALLING))
                .build();

        agent.reconfigure(next);
        hardware.emulatedButton("call").press();
        ScriptedCallEngine.Command dial = engine.next("dial");
        engine.connected(dial.callId(), "PCMU");
        for (char d : "777".toCharArray()) {
            engine.dtmf(dial.callId(), d);
        }

        assertThat(dial.argument()).isEqualTo("sip:guard@127.0.0.1:5080");
        assertThat(hardware.emulatedRelay("door").awaitPulses(1, Duration.ofSeconds(2))).isTrue();
        assertThat(agent.config().name()).isEqualTo("Gate");
    }

    @Test
    void reconfigure_refuses_what_cannot_change_at_run_time() {
        givenDoorStation(CallSettings.DEFAULTS);
        StationConfig otherCalls = agent.config().toBuilder().calls(calls(Duration.ofSeconds(5),
                Duration.ofMinutes(1), Duration.ZERO)).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> agent.reconfigure(otherCalls))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("can change while it runs");
    }
}
