package org.openintercom.cloud.calls.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.claim.DeviceId;

/** The retention job with a hand-moved clock: what is kept, what goes, in batches, with the snapshot files. */
class CallRetentionTest {

    @TempDir
    Path dir;
    private CallFixture f;
    private DeviceId station;

    @BeforeEach
    void givenStation() {
        f = CallFixture.h2(dir);
        station = f.givenStation(f.store.givenSite("Tower"));
    }

    @AfterEach
    void close() {
        f.close();
    }

    /** A call started now, ended a minute later, with a snapshot. */
    private String givenEndedCallWithSnapshot() {
        NewCall call = f.newCall(station);
        f.recorder.callStarted(call);
        f.recorder.ended(call.callId(), CallEnd.hungUp(EndCause.CALLER_HUNG_UP, f.now().plusSeconds(60)));
        assertThat(f.snapshots.upload(station, call.callId(), CallFixture.jpeg(1000)).isStored()).isTrue();
        f.flush();
        return call.callId();
    }

    @Test
    void calls_of_181_days_ago_go_with_their_snapshots_and_those_of_179_days_ago_stay() {
        String old = givenEndedCallWithSnapshot();
        f.store.clock.advance(Duration.ofDays(2));
        String recent = givenEndedCallWithSnapshot();
        f.store.clock.advance(Duration.ofDays(179));
        CallRetention retention = new CallRetention(f.calls, f.snapshots, Duration.ofDays(180), 500, f.store.clock);

        CallRetention.Sweep sweep = retention.runOnce();

        assertThat(sweep.callsDeleted()).isEqualTo(1);
        assertThat(sweep.snapshotsDeleted()).isEqualTo(1);
        assertThat(f.find(old)).isEmpty();
        CallRecord kept = f.find(recent).orElseThrow();
        assertThat(kept.hasSnapshot()).isTrue();
        assertThat(f.snapshots.file(kept)).isPresent();
        assertThat(f.snapshotFiles()).isEqualTo(1);
        assertThat(retention.runOnce()).isEqualTo(new CallRetention.Sweep(0, 0, 0));
    }

    @Test
    void a_large_backlog_is_deleted_in_batches_in_one_run() {
        for (int i = 0; i < 7; i++) {
            givenEndedCallWithSnapshot();
        }
        f.store.clock.advance(Duration.ofDays(31));
        CallRetention retention = new CallRetention(f.calls, f.snapshots, Duration.ofDays(30), 3, f.store.clock);

        CallRetention.Sweep sweep = retention.runOnce();

        assertThat(sweep.callsDeleted()).isEqualTo(7);
        assertThat(sweep.snapshotsDeleted()).isEqualTo(7);
        assertThat(f.calls.page(CallQuery.all(Visibility.all())).calls()).isEmpty();
        assertThat(f.snapshotFiles()).isZero();
    }

    @Test
    void snapshots_of_calls_that_were_never_recorded_expire_too() {
        assertThat(f.snapshots.upload(station, "orphan@relay", CallFixture.jpeg(10)).isStored()).isTrue();
        f.store.clock.advance(Duration.ofDays(181));

        assertThat(new CallRetention(f.calls, f.snapshots, Duration.ofDays(180), 10, f.store.clock).runOnce()
                .snapshotsDeleted()).isEqualTo(1);
        assertThat(f.snapshotFiles()).isZero();
    }

    @Test
    void calls_open_for_more_than_a_day_are_closed_as_unknown() {
        NewCall call = f.newCall(station);
        f.recorder.callStarted(call);
        f.store.clock.advance(Duration.ofHours(23));
        CallRetention retention = new CallRetention(f.calls, f.snapshots, Duration.ofDays(180), 10, f.store.clock);
        assertThat(retention.runOnce().callsClosed()).isZero();

        f.store.clock.advance(Duration.ofHours(2));

        assertThat(retention.runOnce().callsClosed()).isEqualTo(1);
        assertThat(f.call(call.callId()).endCause()).isEqualTo(EndCause.UNKNOWN);
    }

    @Test
    void the_job_runs_on_its_own_thread_until_closed() throws Exception {
        givenEndedCallWithSnapshot();
        f.store.clock.advance(Duration.ofDays(200));
        try (CallRetention retention = new CallRetention(f.calls, f.snapshots, Duration.ofDays(180), 10,
                f.store.clock).start(Duration.ofMillis(50))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (f.snapshotFiles() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(f.snapshotFiles()).isZero();
            assertThatThrownBy(() -> retention.start(Duration.ofHours(1))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void refuses_a_retention_that_is_not_positive() {
        assertThatThrownBy(() -> new CallRetention(f.calls, f.snapshots, Duration.ZERO, 10, f.store.clock))
                .hasMessageContaining("retention must be positive");
    }
}
