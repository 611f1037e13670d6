package org.openintercom.cloud.calls.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.Site;
import org.openintercom.provisioning.claim.DeviceId;

/** The recorder as the relay drives it: the outcomes of a call, repeated events, many threads, the startup sweep. */
class CallRecorderTest {

    @TempDir
    Path dir;
    private CallFixture f;
    private Site site;
    private DeviceId station;

    @BeforeEach
    void givenStation() {
        f = CallFixture.h2(dir);
        site = f.store.givenSite("Tower");
        station = f.givenStation(site);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private Instant at(int seconds) {
        return f.now().plusSeconds(seconds);
    }

    @Test
    void an_answered_call_records_who_answered_and_how_long_it_rang_and_talked() {
        NewCall call = f.newCall(station);
        assertThat(f.recorder.callStarted(call)).isTrue();
        f.recorder.targetsRung(call.callId(), 1, List.of("alice", "bob"), at(0));
        f.recorder.answered(call.callId(), "bob", at(7));
        f.recorder.ended(call.callId(), CallEnd.hungUp(EndCause.CALLER_HUNG_UP, at(67)));

        CallRecord r = f.call(call.callId());
        assertThat(r.status()).isEqualTo(DialStatus.ANSWERED);
        assertThat(r.answeredBy()).isEqualTo("bob");
        assertThat(r.ringTime()).contains(Duration.ofSeconds(7));
        assertThat(r.talkTime()).contains(Duration.ofSeconds(60));
        assertThat(r.endCause()).isEqualTo(EndCause.CALLER_HUNG_UP);
        assertThat(r.scope()).isEqualTo(site.scope());
        assertThat(r.targetsRung()).extracting(RungTarget::target).containsExactly("alice", "bob");
    }

    @Test
    void a_call_nobody_answers_is_missed_with_ring_time_and_no_talk_time() {
        NewCall call = f.newCall(station);
        f.recorder.callStarted(call);
        f.recorder.targetsRung(call.callId(), 1, List.of("alice"), at(0));
        f.recorder.targetsRung(call.callId(), 2, List.of("concierge"), at(20));
        f.recorder.ended(call.callId(), CallEnd.noAnswer(480, "Temporarily Unavailable", at(45)));

        CallRecord r = f.call(call.callId());
        assertThat(r.status()).isEqualTo(DialStatus.MISSED);
        assertThat(r.sipStatus()).isEqualTo(480);
        assertThat(r.endCause()).isEqualTo(EndCause.NOT_ANSWERED);
        assertThat(r.answeredBy()).isNull();
        assertThat(r.ringTime()).contains(Duration.ofSeconds(45));
        assertThat(r.talkTime()).contains(Duration.ZERO);
        assertThat(r.targetsRung()).extracting(RungTarget::wave).containsExactly(1, 2);
    }

    @Test
    void a_caller_who_cancels_while_it_rings_leaves_a_missed_call() {
        NewCall call = f.newCall(station);
        f.recorder.callStarted(call);
        f.recorder.ended(call.callId(), CallEnd.cancelled(at(4)));

        CallRecord r = f.call(call.callId());
        assertThat(r.status()).isEqualTo(DialStatus.MISSED);
        assertThat(r.sipStatus()).isEqualTo(487);
        assertThat(r.endCause()).isEqualTo(EndCause.CALLER_HUNG_UP);
    }

    @Test
    void busy_rejected_and_failed_calls_keep_their_final_response() {
        NewCall busy = f.newCall(station);
        NewCall rejected = f.newCall(station);
        NewCall failed = f.newCall(station);
        f.recorder.callStarted(busy);
        f.recorder.callStarted(rejected);
        f.recorder.callStarted(failed);
        f.recorder.ended(busy.callId(), CallEnd.refused(DialStatus.BUSY, 486, "Busy Here", at(1)));
        f.recorder.ended(rejected.callId(), CallEnd.refused(DialStatus.REJECTED, 603, "Decline", at(2)));
        f.recorder.ended(failed.callId(), CallEnd.refused(DialStatus.FAILED, 503, "Service Unavailable", at(3)));

        assertThat(f.call(busy.callId())).extracting(CallRecord::status, CallRecord::sipStatus, CallRecord::endCause)
                .containsExactly(DialStatus.BUSY, 486, EndCause.NOT_ANSWERED);
        assertThat(f.call(rejected.callId())).extracting(CallRecord::status, CallRecord::sipReason)
                .containsExactly(DialStatus.REJECTED, "Decline");
        assertThat(f.call(failed.callId())).extracting(CallRecord::status, CallRecord::endCause)
                .containsExactly(DialStatus.FAILED, EndCause.ERROR);
    }

    @Test
    void retransmitted_invite_answer_and_bye_change_nothing() {
        NewCall call = f.newCall(station);
        assertThat(f.recorder.callStarted(call)).isTrue();
        assertThat(f.recorder.callStarted(call)).isFalse();
        f.recorder.targetsRung(call.callId(), 1, List.of("alice"), at(0));
        f.recorder.targetsRung(call.callId(), 1, List.of("alice"), at(1));
        f.recorder.answered(call.callId(), "alice", at(3));
        f.recorder.answered(call.callId(), "alice", at(4));
        f.recorder.ended(call.callId(), CallEnd.hungUp(EndCause.CALLEE_HUNG_UP, at(10)));
        f.recorder.ended(call.callId(), CallEnd.hungUp(EndCause.CALLER_HUNG_UP, at(11)));
        f.recorder.ended(call.callId(), CallEnd.cancelled(at(12)));

        CallRecord r = f.call(call.callId());
        assertThat(r.targetsRung()).hasSize(1);
        assertThat(r.answeredAt()).isEqualTo(at(3));
        assertThat(r.endedAt()).isEqualTo(at(10));
        assertThat(r.endCause()).isEqualTo(EndCause.CALLEE_HUNG_UP);
        assertThat(r.status()).isEqualTo(DialStatus.ANSWERED);
    }

    @Test
    void an_answered_call_stays_answered_whatever_status_its_end_gives() {
        NewCall call = f.newCall(station);
        f.recorder.callStarted(call);
        f.recorder.answered(call.callId(), "alice", at(3));
        f.recorder.ended(call.callId(), new CallEnd(DialStatus.FAILED, 500, "Server Error", EndCause.ERROR, at(9)));

        assertThat(f.call(call.callId())).extracting(CallRecord::status, CallRecord::endCause)
                .containsExactly(DialStatus.ANSWERED, EndCause.ERROR);
    }

    @Test
    void events_for_unknown_calls_are_ignored_and_bad_input_is_refused() {
        f.recorder.answered("never-started", "alice", at(1));
        f.recorder.ended("never-started", CallEnd.cancelled(at(2)));
        assertThat(f.find("never-started")).isEmpty();
        assertThatThrownBy(() -> f.newCall(station, "has space")).hasMessageContaining("call id");
        assertThatThrownBy(() -> f.newCall(station, "x".repeat(257))).hasMessageContaining("257 characters");
        assertThatThrownBy(() -> f.recorder.targetsRung("c", 0, List.of("a"), at(0))).hasMessageContaining("wave");
        assertThatThrownBy(() -> new CallEnd(DialStatus.IN_PROGRESS, null, null, EndCause.ERROR, at(0)))
                .hasMessageContaining("IN_PROGRESS");
        assertThatThrownBy(() -> new CallEnd(DialStatus.FAILED, 999, null, EndCause.ERROR, at(0)))
                .hasMessageContaining("999");
    }

    @Test
    void many_threads_record_many_calls_without_losing_one() throws Exception {
        int calls = 200;
        List<String> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                NewCall call = f.newCall(station, "load-" + i + "@relay");
                ids.add(call.callId());
                done.add(pool.submit(() -> {
                    f.recorder.callStarted(call);
                    f.recorder.targetsRung(call.callId(), 1, List.of("alice", "bob"), at(0));
                    f.recorder.answered(call.callId(), "bob", at(2));
                    f.recorder.ended(call.callId(), CallEnd.hungUp(EndCause.CALLER_HUNG_UP, at(5)));
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
        }
        f.flush();
        assertThat(f.calls.page(CallQuery.all(Visibility.all()).limit(1000)).calls()).hasSize(calls)
                .allMatch(c -> c.status() == DialStatus.ANSWERED && c.talkTime().orElseThrow().getSeconds() == 3
                        && c.targetsRung().size() == 2);
        assertThat(f.recorder.droppedEvents()).isZero();
    }

    @Test
    void the_startup_sweep_closes_the_calls_a_crashed_relay_left_open() {
        NewCall ringing = f.newCall(station);
        NewCall talking = f.newCall(station);
        f.recorder.callStarted(ringing);
        f.recorder.callStarted(talking);
        f.recorder.answered(talking.callId(), "alice", at(2));
        f.flush();
        f.store.clock.advance(Duration.ofMinutes(5));

        // the relay and its recorder die here; a new one starts
        try (CallRecorder next = CallRecorder.start(f.calls, id -> f.store.devices.find(id).map(Device::scope),
                f.store.clock)) {
            assertThat(f.calls.find(ringing.callId()).orElseThrow()).extracting(CallRecord::status,
                    CallRecord::endCause, CallRecord::endedAt).containsExactly(DialStatus.FAILED, EndCause.UNKNOWN, null);
            assertThat(f.calls.find(talking.callId()).orElseThrow()).extracting(CallRecord::status,
                    CallRecord::endCause).containsExactly(DialStatus.ANSWERED, EndCause.UNKNOWN);
            assertThat(next.closeUnfinished()).isZero();
        }
    }

    @Test
    void a_full_queue_drops_events_but_never_the_call() throws Exception {
        try (CallRecorder tiny = new CallRecorder(f.calls, id -> java.util.Optional.empty(), f.store.clock, 1)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                NewCall call = f.newCall(station);
                ids.add(call.callId());
                tiny.callStarted(call);
                tiny.ended(call.callId(), CallEnd.cancelled(at(1)));
            }
            assertThat(tiny.flush(Duration.ofSeconds(10))).isTrue();
            long ended = ids.stream().filter(id -> !f.calls.find(id).orElseThrow().isOpen()).count();
            assertThat(ended + tiny.droppedEvents()).isEqualTo(50);
            assertThat(ids).allMatch(id -> f.calls.find(id).isPresent());
        }
    }
}
