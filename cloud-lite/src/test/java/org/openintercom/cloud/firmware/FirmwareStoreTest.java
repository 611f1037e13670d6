package org.openintercom.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openintercom.cloud.firmware.FirmwareStore.DeltaState;
import org.openintercom.cloud.store.MutableClock;
import org.openintercom.cloud.store.TestDatabase;

class FirmwareStoreTest {

    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

    private static FirmwareRelease release(String idDigit, String version, Instant at) {
        return new FirmwareRelease(idDigit.repeat(64), version, List.of("ID5", "IM6"), List.of("rev-b"), true, 4,
                123_456, "a".repeat(64), "fixes CVE-2026-1", "CN=release ed25519,O=OpenIntercom releases", at);
    }

    @ParameterizedTest
    @MethodSource("org.openintercom.cloud.store.TestDatabase#kinds")
    void stores_and_reads_back_a_bundle_exactly(TestDatabase.Kind kind) {
        try (TestDatabase db = kind.open()) {
            FirmwareStore store = new FirmwareStore(db.database(), MutableClock.start());
            FirmwareRelease r = release("1", "1.2.0", T0);

            assertThat(store.insert(r, 100_000, "operator")).isTrue();

            assertThat(store.find(r.bundleId())).contains(r);
            assertThat(store.uploadedBy(r.bundleId())).contains("operator");
            assertThat(store.find("2".repeat(64))).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("org.openintercom.cloud.store.TestDatabase#kinds")
    void a_second_insert_of_the_same_bundle_changes_nothing(TestDatabase.Kind kind) {
        try (TestDatabase db = kind.open()) {
            FirmwareStore store = new FirmwareStore(db.database(), MutableClock.start());
            FirmwareRelease r = release("1", "1.2.0", T0);
            store.insert(r, 100_000, "operator");

            assertThat(store.insert(release("1", "9.9.9", T0.plusSeconds(5)), 1, "other")).isFalse();

            assertThat(store.find(r.bundleId())).contains(r);
        }
    }

    @ParameterizedTest
    @MethodSource("org.openintercom.cloud.store.TestDatabase#kinds")
    void lists_newest_upload_first_and_deletes_with_patches(TestDatabase.Kind kind) {
        try (TestDatabase db = kind.open()) {
            MutableClock clock = MutableClock.start();
            FirmwareStore store = new FirmwareStore(db.database(), clock);
            FirmwareRelease old = release("1", "1.2.0", T0);
            FirmwareRelease mid = release("2", "1.3.0", T0.plus(Duration.ofHours(1)));
            FirmwareRelease fresh = release("3", "1.4.0", T0.plus(Duration.ofHours(2)));
            store.insert(mid, 1, "op");
            store.insert(fresh, 1, "op");
            store.insert(old, 1, "op");
            store.deltaPending(old.bundleId(), fresh.bundleId(), "deltas/a");
            store.deltaPending(mid.bundleId(), fresh.bundleId(), "deltas/b");

            assertThat(store.all()).containsExactly(fresh, mid, old);

            assertThat(store.delete(mid.bundleId())).isTrue();
            assertThat(store.delete(mid.bundleId())).isFalse();
            assertThat(store.all()).containsExactly(fresh, old);
            assertThat(store.deltasTo(fresh.bundleId())).extracting(FirmwareStore.DeltaRow::baseBundleId)
                    .containsExactly(old.bundleId());
        }
    }

    @ParameterizedTest
    @MethodSource("org.openintercom.cloud.store.TestDatabase#kinds")
    void a_patch_goes_from_pending_to_ready_with_its_size(TestDatabase.Kind kind) {
        try (TestDatabase db = kind.open()) {
            FirmwareStore store = new FirmwareStore(db.database(), MutableClock.start());
            FirmwareRelease base = release("1", "1.2.0", T0);
            FirmwareRelease target = release("2", "1.3.0", T0);
            store.insert(base, 1, "op");
            store.insert(target, 1, "op");

            store.deltaPending(base.bundleId(), target.bundleId(), "deltas/x.patch");
            assertThat(store.delta(base.bundleId(), target.bundleId()).orElseThrow().state())
                    .isEqualTo(DeltaState.PENDING);

            assertThat(store.deltaFinished(base.bundleId(), target.bundleId(), DeltaState.READY, 777L, null)).isTrue();
            FirmwareStore.DeltaRow row = store.delta(base.bundleId(), target.bundleId()).orElseThrow();
            assertThat(row.state()).isEqualTo(DeltaState.READY);
            assertThat(row.patchSize()).isEqualTo(777L);
            assertThat(row.storageKey()).isEqualTo("deltas/x.patch");
        }
    }
}
