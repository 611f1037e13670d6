package org.openintercom.cloud.calls.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openintercom.cloud.store.Site;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.provisioning.claim.DeviceId;

/** The call history tables on H2 and PostgreSQL. */
class CallHistoryStoreTest {

    private static final String KINDS = "org.openintercom.cloud.store.TestDatabase#kinds";

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource(KINDS)
    void a_call_keeps_every_field_its_targets_and_its_scope(TestDatabase.Kind kind) {
        try (var f = new CallFixture(kind, dir)) {
            Site site = f.store.givenSite("Tower");
            DeviceId station = f.givenStation(site);
            Instant t0 = f.now();
            NewCall call = new NewCall("a84b4c76e66710@pc33.example.org", station, "Door \"A\", main",
                    "sip:door@relay", "grp-7", TargetKind.GROUP, "group 7: wave 1 alice, bob; wave 2 concierge", t0);

            assertThat(f.calls.insert(call, site.scope(), t0)).isTrue();
            f.calls.addTargets(call.callId(), 1, List.of("sip:alice@a", "sip:bob@b"), t0.plusMillis(100));
            f.calls.addTargets(call.callId(), 2, List.of("sip:concierge@c"), t0.plusSeconds(20));
            assertThat(f.calls.answered(call.callId(), "sip:concierge@c", t0.plusSeconds(25))).isTrue();
            assertThat(f.calls.ended(call.callId(), CallEnd.hungUp(EndCause.CALLEE_HUNG_UP, t0.plusSeconds(85))))
                    .isTrue();

            CallRecord r = f.calls.find(call.callId()).orElseThrow();
            assertThat(r.station()).isEqualTo(station);
            assertThat(r.callerDisplay()).isEqualTo("Door \"A\", main");
            assertThat(r.callerUri()).isEqualTo("sip:door@relay");
            assertThat(r.target()).isEqualTo("grp-7");
            assertThat(r.targetKind()).isEqualTo(TargetKind.GROUP);
            assertThat(r.routing()).startsWith("group 7");
            assertThat(r.targetsRung()).containsExactly(
                    new RungTarget(1, 0, "sip:alice@a", t0.plusMillis(100)),
                    new RungTarget(1, 1, "sip:bob@b", t0.plusMillis(100)),
                    new RungTarget(2, 0, "sip:concierge@c", t0.plusSeconds(20)));
            assertThat(r.answeredBy()).isEqualTo("sip:concierge@c");
            assertThat(r.status()).isEqualTo(DialStatus.ANSWERED);
            assertThat(r.sipStatus()).isEqualTo(200);
            assertThat(r.sipReason()).isEqualTo("OK");
            assertThat(r.startedAt()).isEqualTo(t0);
            assertThat(r.answeredAt()).isEqualTo(t0.plusSeconds(25));
            assertThat(r.endedAt()).isEqualTo(t0.plusSeconds(85));
            assertThat(r.endCause()).isEqualTo(EndCause.CALLEE_HUNG_UP);
            assertThat(r.scope()).isEqualTo(site.scope());
            assertThat(r.ringTime()).contains(Duration.ofSeconds(25));
            assertThat(r.talkTime()).contains(Duration.ofSeconds(60));
            assertThat(r.hasSnapshot()).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void repeated_events_change_nothing(TestDatabase.Kind kind) {
        try (var f = new CallFixture(kind, dir)) {
            DeviceId station = f.givenStation(f.store.givenSite("Tower"));
            NewCall call = f.newCall(station);
            Instant t0 = f.now();

            assertThat(f.calls.insert(call, null, t0)).isTrue();
            assertThat(f.calls.insert(call, null, t0.plusSeconds(1))).isFalse();
            assertThat(f.calls.addTargets(call.callId(), 1, List.of("u1", "u2"), t0)).isEqualTo(2);
            assertThat(f.calls.addTargets(call.callId(), 1, List.of("u1", "u2"), t0.plusSeconds(1))).isZero();
            assertThat(f.calls.answered(call.callId(), "u2", t0.plusSeconds(3))).isTrue();
            assertThat(f.calls.answered(call.callId(), "u1", t0.plusSeconds(4))).isFalse();
            assertThat(f.calls.ended(call.callId(), CallEnd.hungUp(EndCause.CALLER_HUNG_UP, t0.plusSeconds(9))))
                    .isTrue();
            assertThat(f.calls.ended(call.callId(), CallEnd.hungUp(EndCause.ERROR, t0.plusSeconds(12)))).isFalse();

            CallRecord r = f.calls.find(call.callId()).orElseThrow();
            assertThat(r.targetsRung()).extracting(RungTarget::target).containsExactly("u1", "u2");
            assertThat(r.answeredBy()).isEqualTo("u2");
            assertThat(r.endedAt()).isEqualTo(t0.plusSeconds(9));
            assertThat(r.endCause()).isEqualTo(EndCause.CALLER_HUNG_UP);
            assertThat(f.calls.answered("unknown@x", "u1", t0)).isFalse();
            assertThat(f.calls.ended("unknown@x", CallEnd.cancelled(t0))).isFalse();
            assertThat(f.calls.addTargets("unknown@x", 1, List.of("u1"), t0)).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void pages_are_newest_first_filtered_and_scoped(TestDatabase.Kind kind) {
        try (var f = new CallFixture(kind, dir)) {
            Site tower = f.store.givenSite("Tower");
            Site villa = f.store.givenSite("Villa");
            DeviceId a = f.givenStation(tower);
            DeviceId b = f.givenStation(villa);
            List<String> towerCalls = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                f.store.clock.advance(Duration.ofMinutes(1));
                NewCall call = f.newCall(a);
                f.calls.insert(call, tower.scope(), f.now());
                f.calls.ended(call.callId(), i % 2 == 0 ? CallEnd.cancelled(f.now().plusSeconds(5))
                        : new CallEnd(DialStatus.BUSY, 486, "Busy Here", EndCause.NOT_ANSWERED, f.now().plusSeconds(1)));
                towerCalls.add(0, call.callId());
            }
            NewCall villaCall = f.newCall(b);
            f.calls.insert(villaCall, villa.scope(), f.now());

            Visibility all = Visibility.all();
            List<String> seen = new ArrayList<>();
            CallQuery q = CallQuery.all(Visibility.within(Set.of(), Set.of(tower.projectId()), Set.of())).limit(3);
            CallPage page = f.calls.page(q);
            seen.addAll(page.calls().stream().map(CallRecord::callId).toList());
            while (page.next().isPresent()) {
                assertThat(page.calls()).hasSize(3);
                page = f.calls.page(q.after(page.next().get()));
                seen.addAll(page.calls().stream().map(CallRecord::callId).toList());
            }
            assertThat(seen).containsExactlyElementsOf(towerCalls);

            assertThat(f.calls.page(CallQuery.all(all)).calls()).hasSize(8);
            assertThat(f.calls.page(CallQuery.all(Visibility.within(Set.of(villa.companyId()), Set.of(), Set.of())))
                    .calls()).extracting(CallRecord::callId).containsExactly(villaCall.callId());
            assertThat(f.calls.page(CallQuery.all(Visibility.within(Set.of(), Set.of(), Set.of()))).calls()).isEmpty();
            assertThat(f.calls.page(new CallQuery(all, null, null, Set.of(DialStatus.BUSY), null, null, null, 50))
                    .calls()).hasSize(3).allMatch(c -> c.status() == DialStatus.BUSY);
            assertThat(f.calls.page(new CallQuery(all, null, null, Set.of(DialStatus.IN_PROGRESS, DialStatus.MISSED),
                    null, null, null, 50)).calls()).hasSize(5);
            assertThat(f.calls.page(new CallQuery(all, null, null, Set.of(), b, null, null, 50)).calls())
                    .extracting(CallRecord::callId).containsExactly(villaCall.callId());
            assertThat(f.calls.page(new CallQuery(all, null, null, Set.of(), null, tower.id(), null, 50)).calls())
                    .hasSize(7);
            Instant start = f.calls.find(towerCalls.get(4)).orElseThrow().startedAt();
            Instant end = f.calls.find(towerCalls.get(1)).orElseThrow().startedAt();
            assertThat(f.calls.page(new CallQuery(all, start, end, Set.of(), null, null, null, 50)).calls())
                    .extracting(CallRecord::callId).containsExactly(towerCalls.get(2), towerCalls.get(3),
                            towerCalls.get(4));
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void calls_started_at_the_same_instant_page_by_call_id(TestDatabase.Kind kind) {
        try (var f = new CallFixture(kind, dir)) {
            DeviceId a = f.givenStation(f.store.givenSite("Tower"));
            for (int i = 0; i < 5; i++) {
                f.calls.insert(f.newCall(a, "same-" + i), null, f.now());
            }
            CallQuery q = CallQuery.all(Visibility.all()).limit(2);
            List<String> seen = new ArrayList<>();
            CallPage page = f.calls.page(q);
            seen.addAll(page.calls().stream().map(CallRecord::callId).toList());
            while (page.next().isPresent()) {
                page = f.calls.page(q.after(CallCursor.decode(page.next().get().encode())));
                seen.addAll(page.calls().stream().map(CallRecord::callId).toList());
            }
            assertThat(seen).containsExactly("same-4", "same-3", "same-2", "same-1", "same-0");
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void the_sweep_closes_open_calls_and_old_calls_go_in_batches(TestDatabase.Kind kind) {
        try (var f = new CallFixture(kind, dir)) {
            DeviceId a = f.givenStation(f.store.givenSite("Tower"));
            NewCall ringing = f.newCall(a);
            NewCall talking = f.newCall(a);
            f.calls.insert(ringing, null, f.now());
            f.calls.insert(talking, null, f.now());
            f.calls.addTargets(talking.callId(), 1, List.of("u1"), f.now());
            f.calls.answered(talking.callId(), "u1", f.now().plusSeconds(2));

            assertThat(f.calls.closeUnfinished(f.now().plusSeconds(1), f.now())).isEqualTo(2);

            CallRecord r = f.calls.find(ringing.callId()).orElseThrow();
            assertThat(r.status()).isEqualTo(DialStatus.FAILED);
            assertThat(r.endCause()).isEqualTo(EndCause.UNKNOWN);
            assertThat(r.endedAt()).isNull();
            assertThat(r.talkTime()).isEmpty();
            CallRecord t = f.calls.find(talking.callId()).orElseThrow();
            assertThat(t.status()).isEqualTo(DialStatus.ANSWERED);
            assertThat(t.endCause()).isEqualTo(EndCause.UNKNOWN);
            assertThat(t.talkTime()).isEmpty();

            for (int i = 0; i < 3; i++) {
                f.calls.insert(f.newCall(a), null, f.now());
            }
            Instant later = f.now().plusSeconds(1);
            assertThat(f.calls.deleteStartedBefore(later, 2)).isEqualTo(2);
            assertThat(f.calls.deleteStartedBefore(later, 2)).isEqualTo(2);
            assertThat(f.calls.deleteStartedBefore(later, 2)).isEqualTo(1);
            assertThat(f.calls.deleteStartedBefore(later, 2)).isZero();
            assertThat(f.calls.find(talking.callId())).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void snapshots_belong_to_the_call_of_the_same_station_whenever_it_is_recorded(TestDatabase.Kind kind) {
        try (var f = new CallFixture(kind, dir)) {
            DeviceId a = f.givenStation(f.store.givenSite("Tower"));
            NewCall call = f.newCall(a);

            assertThat(f.snapshots.upload(a, call.callId(), CallFixture.jpeg(100)).kind())
                    .isEqualTo(SnapshotUpload.Kind.STORED);
            assertThat(f.calls.unlinkedSnapshots(a)).isEqualTo(1);
            f.calls.insert(call, null, f.now());

            CallRecord r = f.calls.find(call.callId()).orElseThrow();
            assertThat(r.hasSnapshot()).isTrue();
            assertThat(f.calls.unlinkedSnapshots(a)).isZero();
            assertThat(f.snapshots.file(r).orElseThrow().toFile().length()).isEqualTo(104);
            assertThat(f.snapshots.upload(a, call.callId(), CallFixture.jpeg(10)).kind())
                    .isEqualTo(SnapshotUpload.Kind.REPLACED);
            assertThat(f.snapshots.file(r).orElseThrow().toFile().length()).isEqualTo(14);
            assertThat(f.snapshotFiles()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void a_call_a_station_reports_is_stored_once_and_only_for_that_station(TestDatabase.Kind kind) {
        try (var f = new CallFixture(kind, dir)) {
            Site site = f.store.givenSite("Tower");
            DeviceId door = f.givenStation(site);
            DeviceId other = f.givenStation(site);
            Instant t0 = f.now();
            NewCall call = new NewCall("mesh-1@fe80::1", door, null, null, "flat-12", TargetKind.GROUP,
                    ReportedCall.ROUTING + ": rang 2 stations", t0);
            ReportedCall reported = new ReportedCall(call, List.of("HALL000001", "KITCHEN001"), "KITCHEN001",
                    t0.plusSeconds(4), new CallEnd(DialStatus.ANSWERED, 200, null, EndCause.UNKNOWN,
                            t0.plusSeconds(60)));
            ReportedCall clash = new ReportedCall(new NewCall(call.callId(), other, null, null, "flat-12",
                    TargetKind.GROUP, null, t0), List.of(), null, null, CallEnd.cancelled(t0));

            assertThat(f.calls.insertReported(reported, site.scope(), t0)).isEqualTo(ReportedCall.Outcome.RECORDED);
            assertThat(f.calls.insertReported(reported, site.scope(), t0))
                    .isEqualTo(ReportedCall.Outcome.ALREADY_RECORDED);
            assertThat(f.calls.insertReported(clash, site.scope(), t0))
                    .isEqualTo(ReportedCall.Outcome.ANOTHER_STATIONS);

            CallRecord r = f.calls.find(call.callId()).orElseThrow();
            assertThat(r.station()).isEqualTo(door);
            assertThat(r.status()).isEqualTo(DialStatus.ANSWERED);
            assertThat(r.isOpen()).isFalse();
            assertThat(r.routing()).startsWith(ReportedCall.ROUTING);
            assertThat(r.answeredAt()).isEqualTo(t0.plusSeconds(4));
            assertThat(r.endedAt()).isEqualTo(t0.plusSeconds(60));
            assertThat(r.scope()).isEqualTo(site.scope());
            assertThat(r.targetsRung()).extracting(RungTarget::target).containsExactly("HALL000001", "KITCHEN001");
        }
    }
}
