package org.openintercom.cloud.calls.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.openintercom.cloud.store.Device;
import org.openintercom.cloud.store.NewClaim;
import org.openintercom.cloud.store.Site;
import org.openintercom.cloud.store.StoreFixture;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.DeviceId;

/** The call history on a test database with a hand-moved clock, and given-helpers for stations and calls. */
public final class CallFixture implements AutoCloseable {

    public final StoreFixture store;
    public final CallHistoryStore calls;
    public final SnapshotStore snapshots;
    public final CallRecorder recorder;
    private int next;

    public CallFixture(TestDatabase.Kind kind, Path dir) {
        store = new StoreFixture(kind);
        calls = new CallHistoryStore(store.testDb.database());
        snapshots = new SnapshotStore(calls, dir.resolve("call-snapshots"), store.clock);
        recorder = new CallRecorder(calls, id -> store.devices.find(id).map(Device::scope), store.clock);
    }

    public static CallFixture h2(Path dir) {
        return new CallFixture(TestDatabase.Kind.H2, dir);
    }

    public Instant now() {
        return store.clock.instant();
    }

    /** A claimed, enrolled station at {@code site}. */
    public DeviceId givenStation(Site site) {
        ClaimCode code = StoreFixture.givenClaimCode();
        store.devices.claim(new NewClaim(code, site.id(), "door", null, "installer", now(),
                now().plus(Duration.ofDays(7))));
        store.devices.markEnrolled(code.deviceId(), code.nonce(), "0C" + (next++), now().plus(Duration.ofDays(365)));
        return code.deviceId();
    }

    /** A new call of {@code station} to group "residents", started now. */
    public NewCall newCall(DeviceId station) {
        return newCall(station, "call-" + (next++) + "@10.0.0.7");
    }

    public NewCall newCall(DeviceId station, String callId) {
        return new NewCall(callId, station, "Door 1", "sip:" + station.value() + "@relay", "residents",
                TargetKind.GROUP, "group residents: 2 users, 3 contacts", now());
    }

    /** Writes the queued recorder events. */
    public void flush() {
        if (!recorder.flush(Duration.ofSeconds(10))) {
            throw new AssertionError("the recorder did not write its events within 10 s");
        }
    }

    public CallRecord call(String callId) {
        flush();
        return calls.find(callId).orElseThrow(() -> new AssertionError("no call " + callId));
    }

    public Optional<CallRecord> find(String callId) {
        flush();
        return calls.find(callId);
    }

    /** The smallest thing that passes the JPEG check, plus {@code n} bytes of payload. */
    public static byte[] jpeg(int n) {
        byte[] b = new byte[n + 4];
        b[0] = (byte) 0xff;
        b[1] = (byte) 0xd8;
        b[2] = (byte) 0xff;
        b[3] = (byte) 0xe0;
        return b;
    }

    /** Every file under the snapshot directory but the temporary folder. */
    public long snapshotFiles() {
        try (var files = Files.walk(snapshots.directory())) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString()
                    .equals(".incoming")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        recorder.close();
        store.close();
    }
}
