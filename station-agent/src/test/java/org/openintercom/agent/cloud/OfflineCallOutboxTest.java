package org.openintercom.agent.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.call.CallDirection;
import org.openintercom.agent.call.CallOutcome;
import org.openintercom.agent.calllog.CallRecord;
import org.openintercom.provisioning.channel.StationCallReport;

class OfflineCallOutboxTest {

    private static final String DOOR = "ABCDEFGHJK";
    private static final String HALL = "BCDEFGHJKM";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private static CallRecord answered(String callId) {
        return new CallRecord(callId, CallDirection.OUTGOING, "sips:" + HALL + "@[fe80::2%eth0]", "call", T0,
                Optional.of(T0.plusSeconds(3)), Optional.of(T0.plusSeconds(40)), Optional.of(CallOutcome.ANSWERED),
                "hung up here", Optional.of("G722"), Optional.empty(), 1);
    }

    @Test
    void a_finished_mesh_call_becomes_a_report_of_this_station() {
        try (OfflineCallOutbox outbox = OfflineCallOutbox.open(dir.resolve("out.jsonl"), DOOR)) {
            StationCallReport r = outbox.add(answered("c1"), "flat-12", List.of(HALL), Optional.of(HALL));

            assertThat(r.station()).isEqualTo(DOOR);
            assertThat(r.button()).contains("call");
            assertThat(r.target()).isEqualTo("flat-12");
            assertThat(r.outcome()).isEqualTo(StationCallReport.Outcome.ANSWERED);
            assertThat(r.answeredAt()).contains(T0.plusSeconds(3));
            assertThat(r.endedAt()).isEqualTo(T0.plusSeconds(40));
            assertThat(outbox.pending()).containsExactly(r);
        }
    }

    @Test
    void pending_records_survive_a_restart_and_settled_ones_do_not_come_back() {
        Path file = dir.resolve("out.jsonl");
        try (OfflineCallOutbox outbox = OfflineCallOutbox.open(file, DOOR)) {
            outbox.add(answered("c1"), "flat-12", List.of(HALL), Optional.of(HALL));
            outbox.add(answered("c2"), "flat-12", List.of(HALL), Optional.of(HALL));
            outbox.add(answered("c3"), "flat-12", List.of(HALL), Optional.of(HALL));
            outbox.delivered("c1");
            outbox.refused("c3", "HTTP 400");
        }

        try (OfflineCallOutbox outbox = OfflineCallOutbox.open(file, DOOR)) {
            assertThat(outbox.pending()).extracting(StationCallReport::callId).containsExactly("c2");
        }
    }

    @Test
    void a_record_cut_off_by_a_power_cut_is_skipped_and_the_others_kept() throws Exception {
        Path file = dir.resolve("out.jsonl");
        try (OfflineCallOutbox outbox = OfflineCallOutbox.open(file, DOOR)) {
            outbox.add(answered("c1"), "flat-12", List.of(HALL), Optional.of(HALL));
        }
        Files.writeString(file, "{\"kind\":\"added\",\"callId\":\"c2\",\"rep", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (OfflineCallOutbox outbox = OfflineCallOutbox.open(file, DOOR)) {
            assertThat(outbox.pending()).extracting(StationCallReport::callId).containsExactly("c1");
            outbox.add(answered("c3"), "flat-12", List.of(HALL), Optional.of(HALL));
        }
        try (OfflineCallOutbox outbox = OfflineCallOutbox.open(file, DOOR)) {
            assertThat(outbox.pending()).extracting(StationCallReport::callId).containsExactly("c1", "c3");
        }
    }

    @Test
    void the_file_is_emptied_once_everything_is_delivered() throws Exception {
        Path file = dir.resolve("out.jsonl");
        try (OfflineCallOutbox outbox = OfflineCallOutbox.open(file, DOOR)) {
            outbox.add(answered("c1"), "flat-12", List.of(HALL), Optional.of(HALL));
            outbox.delivered("c1");
            outbox.delivered("c1"); // a second acknowledgement changes nothing

            assertThat(Files.size(file)).isZero();
            assertThat(outbox.pending()).isEmpty();
        }
    }

    @Test
    void only_finished_outgoing_calls_of_this_station_are_queued() {
        try (OfflineCallOutbox outbox = OfflineCallOutbox.open(dir.resolve("out.jsonl"), DOOR)) {
            CallRecord live = new CallRecord("c1", CallDirection.OUTGOING, "x", "call", T0, Optional.empty(),
                    Optional.empty(), Optional.empty(), "", Optional.empty(), Optional.empty(), 0);
            CallRecord incoming = new CallRecord("c2", CallDirection.INCOMING, "x", "", T0, Optional.empty(),
                    Optional.of(T0), Optional.of(CallOutcome.CANCELLED), "", Optional.empty(), Optional.empty(), 0);
            StationCallReport theirs = new StationCallReport("c3", HALL, Optional.empty(), "flat-12", List.of(),
                    Optional.empty(), StationCallReport.Outcome.NO_ANSWER, T0, Optional.empty(), T0);

            assertThatThrownBy(() -> outbox.add(live, "flat-12", List.of(), Optional.empty()))
                    .hasMessageContaining("still live");
            assertThatThrownBy(() -> outbox.add(incoming, "flat-12", List.of(), Optional.empty()))
                    .hasMessageContaining("incoming");
            assertThatThrownBy(() -> outbox.add(theirs)).hasMessageContaining("station");
            assertThat(outbox.pending()).isEmpty();
        }
    }
}
