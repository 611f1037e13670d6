package org.openintercom.cloud.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.NewClaim;
import org.openintercom.cloud.store.Site;
import org.openintercom.cloud.store.StoreFixture;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.provisioning.channel.DeviceStatus;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.DeviceId;

/** A rollout engine on a test database with a hand-moved clock, an in-memory catalog and a recording publisher. */
final class RolloutFixture implements AutoCloseable {

    static final String MODEL = "OI-BF1";

    final StoreFixture store;
    final InMemoryCatalog catalog = new InMemoryCatalog();
    final RecordingPublisher published = new RecordingPublisher();
    final RolloutStore rollouts;
    final RolloutEngine engine;

    RolloutFixture(TestDatabase.Kind kind) {
        store = new StoreFixture(kind);
        rollouts = new RolloutStore(store.testDb.database());
        engine = new RolloutEngine(rollouts, store.devices, store.organisations, catalog, published, store.audit,
                store.clock);
    }

    static RolloutFixture h2() {
        return new RolloutFixture(TestDatabase.Kind.H2);
    }

    /** {@code n} claimed, enrolled devices of {@code model} at {@code site} that run {@code version}. */
    List<DeviceId> givenDevices(Site site, String model, int n, String version) {
        List<DeviceId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ClaimCode code = StoreFixture.givenClaimCode();
            var now = store.clock.instant();
            store.devices.claim(new NewClaim(code, site.id(), "door " + i, null, "installer", now,
                    now.plus(Duration.ofDays(7))));
            store.devices.markEnrolled(code.deviceId(), code.nonce(), "0A" + i, now.plus(Duration.ofDays(365)));
            store.devices.recordModel(code.deviceId(), model);
            rollouts.setRunningVersion(code.deviceId(), version, now);
            ids.add(code.deviceId());
        }
        return ids;
    }

    Device device(DeviceId id) {
        return store.devices.find(id).orElseThrow();
    }

    /** The device reports {@code state} on the assignment it holds. */
    void report(DeviceId device, UpdateProgress.State state) {
        String id = published.of(device).orElseThrow(() -> new AssertionError(device + " holds no assignment")).id();
        report(device, id, state);
    }

    void report(DeviceId device, String assignmentId, UpdateProgress.State state) {
        var version = published.of(device).map(a -> a.version()).orElse("?");
        String running = state == UpdateProgress.State.COMMITTED ? version : rollouts.firmware(device).runningVersion();
        UpdateProgress p = state.isFailure()
                ? UpdateProgress.ended(assignmentId, version, state, "HEALTH_CHECK_FAILED", "self-test failed", running,
                        store.clock.instant())
                : UpdateProgress.of(assignmentId, version, state, state == UpdateProgress.State.DOWNLOADING ? 40 : 100,
                        running, store.clock.instant());
        engine.onProgress(device, p);
    }

    /** The device comes online running {@code version}. */
    void online(DeviceId device, String version) {
        engine.onStatus(device, DeviceStatus.online(store.clock.instant(), device(device).model(), version,
                store.clock.instant().plus(Duration.ofDays(300))));
    }

    RolloutReport report(long rolloutId) {
        return engine.report(rolloutId).orElseThrow();
    }

    Optional<RolloutTarget> target(long rolloutId, DeviceId device) {
        return rollouts.target(rolloutId, device);
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
