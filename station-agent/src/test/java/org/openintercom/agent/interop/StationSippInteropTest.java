package org.openintercom.agent.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openintercom.agent.interop.TestStations.calls;
import static org.openintercom.agent.interop.TestStations.freePort;
import static org.openintercom.agent.interop.TestStations.given;
import static org.openintercom.agent.interop.TestStations.start;
import static org.openintercom.agent.interop.TestStations.tone;
import static org.openintercom.agent.interop.TestStations.udp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.call.CallOutcome;
import org.openintercom.agent.call.CallState;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.calllog.CallRecord;
import org.openintercom.agent.config.ButtonAction;

/**
 * Stations against sipp scenarios written for the nasty cases of real networks: INVITE and 200 OK
 * retransmissions, CANCEL while ringing, and a 180 arriving after the 200 (resources {@code sipp/}).
 */
@Tag("interop")
class StationSippInteropTest {

    @TempDir
    Path dir;

    private TestStations.Running station;

    @AfterEach
    void stop() {
        if (station != null) {
            station.close();
        }
    }

    private int givenIndoorStation(boolean autoAnswer) {
        int port = freePort();
        station = start(given("hall", "IM6", dir).sip(udp(port)).calls(calls(autoAnswer)).audio(tone(440)).build());
        return port;
    }

    @Test
    void a_retransmitted_invite_makes_one_call_and_the_200_is_retransmitted_until_the_ack() throws Exception {
        int port = givenIndoorStation(true);

        Process sipp = Sipp.start(dir, Sipp.scenario(dir, "uac-retransmit"), "127.0.0.1:" + port, freePort(), "hall",
                freePort());
        Sipp.Result result = Sipp.await(dir, sipp);

        assertThat(result.exitCode()).as(result.output()).isZero();
        java.util.regex.Matcher first200 = java.util.regex.Pattern.compile("200 <-+\\s+(\\d+)\\s+(\\d+)")
                .matcher(result.output());
        assertThat(first200.find()).as(result.output()).isTrue();
        assertThat(Integer.parseInt(first200.group(2))).as("200 OK retransmissions until the ACK")
                .isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> station.agent().currentCall().isEmpty());
        assertThat(station.agent().callLog().records()).as("one call, not two").singleElement()
                .satisfies(r -> assertThat(r.outcome()).contains(CallOutcome.ANSWERED));
    }

    @Test
    void a_cancel_while_ringing_ends_the_call_with_487_and_logs_it_cancelled() throws Exception {
        int port = givenIndoorStation(false);

        Process sipp = Sipp.start(dir, Sipp.scenario(dir, "uac-cancel"), "127.0.0.1:" + port, freePort(), "hall",
                freePort());
        Sipp.Result result = Sipp.await(dir, sipp);

        assertThat(result.exitCode()).as(result.output()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> station.agent().currentCall().isEmpty());
        assertThat(station.agent().callLog().records()).singleElement()
                .satisfies(r -> assertThat(r.outcome()).contains(CallOutcome.CANCELLED));
    }

    @Test
    void a_180_after_the_200_leaves_the_door_station_connected_until_the_bye() throws Exception {
        int sippPort = freePort();
        station = start(given("frontdoor", "ID5", dir).sip(udp(freePort())).calls(calls(false))
                .button("call", ButtonAction.call("sip:sipp@127.0.0.1:" + sippPort)).audio(tone(440)).build());
        Process sipp = Sipp.start(dir, Sipp.scenario(dir, "uas-180-after-200"), null, sippPort, null, freePort());
        Thread.sleep(300);

        station.hardware().emulatedButton("call").press();
        await().atMost(Duration.ofSeconds(5)).until(() -> station.agent().currentCall().map(CallStatus::state)
                .equals(Optional.of(CallState.CONNECTED)));
        Thread.sleep(500);
        assertThat(station.agent().currentCall()).map(CallStatus::state).contains(CallState.CONNECTED);

        Sipp.Result result = Sipp.await(dir, sipp);
        assertThat(result.exitCode()).as(result.output()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> station.agent().currentCall().isEmpty());
        CallRecord record = station.agent().callLog().records().get(0);
        assertThat(record.outcome()).contains(CallOutcome.ANSWERED);
        assertThat(record.endDetail()).contains("remote");
    }
}
