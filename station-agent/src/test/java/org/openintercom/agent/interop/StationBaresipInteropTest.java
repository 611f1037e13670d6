package org.openintercom.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openintercom.agent.interop.TestStations.calls;
import static org.openintercom.agent.interop.TestStations.door;
import static org.openintercom.agent.interop.TestStations.freePort;
import static org.openintercom.agent.interop.TestStations.given;
import static org.openintercom.agent.interop.TestStations.start;
import static org.openintercom.agent.interop.TestStations.tone;
import static org.openintercom.agent.interop.TestStations.udp;
import static org.openintercom.agent.interop.TestStations.udpAndTls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openintercom.agent.call.CallState;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.calllog.CallRecord;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.tls.DemoPki;
import org.openintercom.hal.audio.ToneAnalysis;

/**
 * Stations against a real third-party SIP phone: Debian's baresip, headless, playing a 1 kHz tone and recording
 * what it decodes. Proves calls, audio both ways (frequencies checked on both sides), DTMF door opening, codec
 * choice and SRTP over TLS against another implementation.
 */
@Tag("interop")
class StationBaresipInteropTest {

    private static final int STATION_TONE = 440;
    private static final int BARESIP_TONE = 1000;

    @TempDir
    Path dir;

    private Baresip baresip;
    private TestStations.Running station;

    @AfterEach
    void stop() {
        if (station != null) {
            station.close();
        }
        if (baresip != null) {
            baresip.close();
        }
    }

    private Baresip givenBaresip(String codecs, boolean autoAnswer, boolean tls) throws Exception {
        int sipPort = freePort();
        DemoPki pki = DemoPki.in(dir.resolve("pki"));
        baresip = Baresip.start(dir, new Baresip.Options(sipPort, freePort(), "flat", codecs, BARESIP_TONE,
                autoAnswer, tls ? Optional.of("srtp-mand") : Optional.empty(),
                tls ? Optional.of(pki.pem("flat")) : Optional.empty(),
                tls ? Optional.of(pki.caPem()) : Optional.empty(), Optional.empty()));
        this.baresipPort = sipPort;
        return baresip;
    }

    private int baresipPort;

    private String baresipUri(boolean tls) {
        // baresip listens for TLS one port above its UDP/TCP port
        return tls ? "sip:flat@127.0.0.1:" + (baresipPort + 1) + ";transport=tls"
                : "sip:flat@127.0.0.1:" + baresipPort;
    }

    private TestStations.Running givenDoorStation(String model, String target, boolean tls) {
        DemoPki pki = DemoPki.in(dir.resolve("pki"));
        var sip = tls ? udpAndTls(freePort(), freePort(), pki, "frontdoor", false) : udp(freePort());
        station = start(given("frontdoor", model, dir).sip(sip).calls(calls(false)).door(door("1234"))
                .button(firstButton(model), ButtonAction.call(target)).audio(tone(STATION_TONE)).build());
        return station;
    }

    private static String firstButton(String model) {
        return org.openintercom.hal.model.DeviceModels.byId(model).buttons().get(0);
    }

    private String pressAndAwaitConnected(String model) {
        station.hardware().emulatedButton(firstButton(model)).press();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> station.agent().currentCall().map(CallStatus::state)
                    .equals(Optional.of(CallState.CONNECTED)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the call did not connect; baresip log:\n" + baresip.log(), e);
        }
        return station.agent().currentCall().orElseThrow().callId();
    }

    private static void assertHeard(double hz, int expected, String who) {
        assertThat(hz).as(who + " hears the other side's tone").isCloseTo(expected, org.assertj.core.data.Offset
                .offset(30.0));
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"udp", "tls"})
    void the_door_station_calls_baresip_they_hear_each_other_and_its_dtmf_code_opens_the_door(String transport)
            throws Exception {
        boolean tls = transport.equals("tls");
        givenBaresip(null, true, tls);
        givenDoorStation("ID5", baresipUri(tls), tls);

        String callId = pressAndAwaitConnected("ID5");
        baresip.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(5));
        Thread.sleep(1500);
        assertThat(station.heardRms()).as("station hears something").isGreaterThan(500);
        assertHeard(station.heardHz(), BARESIP_TONE, "the station");

        baresip.command("sndcode", "1234");
        assertThat(station.hardware().emulatedRelay("door").awaitPulses(1, Duration.ofSeconds(5)))
                .as("the DTMF code from baresip pulses the door relay").isTrue();
        assertThat(station.saw(StationEvent.Type.DOOR_OPENED, "dtmf")).isTrue();

        station.agent().hangup();
        baresip.awaitEvent("CALL_CLOSED", Duration.ofSeconds(5));
        Baresip.Recording heard = baresip.decodedAudio();
        short[] middle = ToneAnalysis.slice(heard.samples(), heard.samples().length / 4,
                heard.samples().length * 3 / 4);
        assertHeard(ToneAnalysis.dominantFrequency(middle, heard.sampleRate()), STATION_TONE, "baresip");

        CallRecord record = station.agent().callLog().find(callId).orElseThrow();
        assertThat(record.codec()).contains(tls ? "opus/SRTP" : "opus");
        assertThat(record.doorOpenings()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"opus/48000/2", "G722/16000/1", "PCMU/8000/1"})
    void dtmf_sent_by_the_station_reaches_baresip(String codec) throws Exception {
        givenBaresip(codec, true, false);
        givenDoorStation("ID5", baresipUri(false), false);
        pressAndAwaitConnected("ID5");
        baresip.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(5));

        assertThat(station.agent().sendDtmf("7")).isTrue();

        assertThat(baresip.awaitEvent("CALL_DTMF_START", Duration.ofSeconds(5)).path("param").asText())
                .isEqualTo("7");
    }

    @Test
    void baresip_calls_the_indoor_station_which_answers_by_its_answer_key() throws Exception {
        givenBaresip(null, false, false);
        int port = freePort();
        station = start(given("hall", "IM6", dir).sip(udp(port)).calls(calls(false))
                .button("answer", ButtonAction.of(ButtonAction.Kind.ANSWER)).audio(tone(STATION_TONE)).build());

        baresip.command("dial", "sip:hall@127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(10)).until(() -> station.agent().currentCall().map(CallStatus::state)
                .equals(Optional.of(CallState.INCOMING)));
        station.hardware().emulatedButton("answer").press();
        baresip.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(5));
        Thread.sleep(1500);
        assertHeard(station.heardHz(), BARESIP_TONE, "the indoor station");

        baresip.command("hangup", "");
        await().atMost(Duration.ofSeconds(5)).until(() -> station.agent().currentCall().isEmpty());
        assertThat(station.agent().callLog().records()).singleElement()
                .satisfies(r -> assertThat(r.outcome()).contains(org.openintercom.agent.call.CallOutcome.ANSWERED));
    }

    @ParameterizedTest(name = "{0} station, baresip offers {1}: {2}")
    @CsvSource({
        "ID5, opus/48000/2, opus",
        "ID5, G722/16000/1, G722",
        "ID5, PCMU/8000/1, PCMU",
        "ID5, PCMA/8000/1, PCMA",
        "ID5, 'PCMU/8000/1,G722/16000/1,opus/48000/2', opus",
        "ET 908H, 'PCMU/8000/1,G722/16000/1,opus/48000/2', G722"})
    void the_codec_with_the_highest_bandwidth_both_support_is_used(String model, String offered, String expected)
            throws Exception {
        givenBaresip(offered, true, false);
        givenDoorStation(model, baresipUri(false), false);

        String callId = pressAndAwaitConnected(model);
        Thread.sleep(1200);
        assertHeard(station.heardHz(), BARESIP_TONE, "the station");
        station.agent().hangup();
        baresip.awaitEvent("CALL_CLOSED", Duration.ofSeconds(5));
        Baresip.Recording heard = baresip.decodedAudio();
        short[] middle = ToneAnalysis.slice(heard.samples(), heard.samples().length / 4,
                heard.samples().length * 3 / 4);
        assertHeard(ToneAnalysis.dominantFrequency(middle, heard.sampleRate()), STATION_TONE, "baresip");
        assertThat(station.agent().callLog().find(callId).orElseThrow().codec()).contains(expected);
    }
}
