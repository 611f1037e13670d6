package org.openintercom.agent.calllog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.call.CallDirection;
import org.openintercom.agent.call.CallOutcome;
import org.openintercom.agent.call.CallState;

class CallLogTest {

    @TempDir
    Path dir;

    @Test
    void keeps_calls_across_a_restart() {
        Path file = dir.resolve("calls.jsonl");
        try (CallLog log = CallLog.open(file, Clock.systemUTC())) {
            log.started("c1", CallDirection.OUTGOING, "sip:im6@127.0.0.1", "call");
            log.snapshot("c1", dir.resolve("c1.jpg"));
            log.state("c1", CallState.CONNECTED);
            log.codec("c1", "G722");
            log.doorOpened("c1", "dtmf");
            log.ended("c1", CallOutcome.ANSWERED, "hung up here");
        }
        try (CallLog log = CallLog.open(file, Clock.systemUTC())) {
            CallRecord r = log.find("c1").orElseThrow();
            assertThat(r.outcome()).contains(CallOutcome.ANSWERED);
            assertThat(r.snapshot()).contains(dir.resolve("c1.jpg"));
            assertThat(r.codec()).contains("G722");
            assertThat(r.doorOpenings()).isEqualTo(1);
            assertThat(r.connectedAt()).isPresent();
            assertThat(r.talkTime()).isPresent();
        }
    }

    @Test
    void closes_a_call_left_live_by_a_crash_as_interrupted() {
        Path file = dir.resolve("calls.jsonl");
        CallLog crashed = CallLog.open(file, Clock.systemUTC());
        crashed.started("c2", CallDirection.INCOMING, "sip:door@127.0.0.1", "");
        crashed.state("c2", CallState.CONNECTED);
        // no ended entry, no close: the process died

        try (CallLog log = CallLog.open(file, Clock.systemUTC())) {
            CallRecord r = log.find("c2").orElseThrow();
            assertThat(r.outcome()).contains(CallOutcome.INTERRUPTED);
            assertThat(r.connectedAt()).isPresent();
        }
        try (CallLog log = CallLog.open(file, Clock.systemUTC())) {
            assertThat(log.records()).hasSize(1);
        }
    }

    @Test
    void skips_a_torn_last_line_and_keeps_everything_before_it() throws Exception {
        Path file = dir.resolve("calls.jsonl");
        try (CallLog log = CallLog.open(file, Clock.systemUTC())) {
            log.started("c3", CallDirection.OUTGOING, "sip:a@127.0.0.1", "call");
            log.ended("c3", CallOutcome.NO_ANSWER, "");
        }
        Files.writeString(file, "{\"kind\":\"started\",\"callId\":\"c4\",\"at\":\"20", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (CallLog log = CallLog.open(file, Clock.systemUTC())) {
            assertThat(log.records()).extracting(CallRecord::callId).containsExactly("c3");
            log.started("c5", CallDirection.OUTGOING, "sip:b@127.0.0.1", "call");
        }
        try (CallLog log = CallLog.open(file, Clock.systemUTC())) {
            assertThat(log.records()).extracting(CallRecord::callId).containsExactly("c3", "c5");
        }
    }
}
