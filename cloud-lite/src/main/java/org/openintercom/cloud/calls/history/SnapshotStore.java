package org.openintercom.cloud.calls.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caller snapshots: JPEG files under a directory (one folder per upload day, {@code yyyy-MM-dd/<uuid>.jpg}), indexed
 * in the database by station and Call-ID. A snapshot may arrive before the relay records its call; it belongs to the
 * call with the same Call-ID placed by the same station, whenever that is recorded.
 *
 * <p>Files rather than database blobs: 2 MiB images would bloat the embedded H2 file and every database backup,
 * blob handling differs between H2 and PostgreSQL, and deleting a file is cheap for the retention job.
 */
public final class SnapshotStore {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    /** The largest snapshot accepted: 2 MiB. */
    public static final int MAX_BYTES = 2 * 1024 * 1024;
    /** Snapshots a station may hold for Call-IDs that are not recorded as its calls. */
    public static final int MAX_UNLINKED_PER_STATION = 50;

    private final CallHistoryStore store;
    private final Path directory;
    private final Clock clock;

    /**
     * @throws UncheckedIOException if {@code directory} cannot be created
     */
    public SnapshotStore(CallHistoryStore store, Path directory, Clock clock) {
        this.store = store;
        this.directory = directory.toAbsolutePath();
        this.clock = clock;
        try {
            Files.createDirectories(this.directory.resolve(".incoming"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the snapshot directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code bytes} start like a JPEG (SOI marker and the first marker: FF D8 FF). */
    public static boolean looksLikeJpeg(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff;
    }

    /**
     * Stores {@code jpeg} as the snapshot of {@code station}'s call {@code callId}.
     *
     * @throws UncheckedIOException if the file cannot be written; a StoreException if the database fails
     */
    public SnapshotUpload upload(DeviceId station, String callId, byte[] jpeg) {
        if (!CallIds.isValid(callId)) {
            return new SnapshotUpload(SnapshotUpload.Kind.INVALID_CALL_ID, "'" + callId + "' is not a SIP Call-ID"
                    + " (1 to " + NewCall.MAX_CALL_ID + " visible ASCII characters)");
        }
        if (jpeg.length > MAX_BYTES) {
            return new SnapshotUpload(SnapshotUpload.Kind.TOO_LARGE, "snapshot has " + jpeg.length
                    + " bytes, at most " + MAX_BYTES + " are accepted");
        }
        if (!looksLikeJpeg(jpeg)) {
            return new SnapshotUpload(SnapshotUpload.Kind.NOT_JPEG, "snapshot is not a JPEG (it must start with"
                    + " FF D8 FF)");
        }
        Optional<DeviceId> placedBy = store.stationOf(callId);
        if (placedBy.isPresent() && !placedBy.get().equals(station)) {
            return new SnapshotUpload(SnapshotUpload.Kind.NOT_YOUR_CALL, "call " + callId
                    + " was placed by another station");
        }
        if (placedBy.isEmpty() && store.snapshot(station, callId).isEmpty()
                && store.unlinkedSnapshots(station) >= MAX_UNLINKED_PER_STATION) {
            return new SnapshotUpload(SnapshotUpload.Kind.TOO_MANY_UNLINKED, "station " + station + " already has "
                    + MAX_UNLINKED_PER_STATION + " snapshots of calls that were never recorded");
        }
        Instant now = clock.instant();
        String fileName = now.atZone(ZoneOffset.UTC).toLocalDate() + "/" + UUID.randomUUID() + ".jpg";
        Path file = write(fileName, jpeg);
        Optional<StoredSnapshot> replaced;
        try {
            replaced = store.putSnapshot(new StoredSnapshot(station, callId, fileName, jpeg.length, now));
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
        replaced.ifPresent(old -> deleteQuietly(resolve(old.fileName())));
        LOG.debug("snapshot of call {} from {}: {} bytes in {}", callId, station, jpeg.length, fileName);
        return replaced.isPresent()
                ? new SnapshotUpload(SnapshotUpload.Kind.REPLACED, "replaced the earlier snapshot of call " + callId)
                : new SnapshotUpload(SnapshotUpload.Kind.STORED, "stored the snapshot of call " + callId);
    }

    /** The file of the snapshot of {@code call}, if its station uploaded one and the file is there. */
    public Optional<Path> file(CallRecord call) {
        return store.snapshot(call.station(), call.callId()).map(s -> resolve(s.fileName())).filter(Files::isRegularFile);
    }

    /**
     * Deletes up to {@code batch} of the snapshots uploaded before {@code cutoff}: files first, then their rows.
     *
     * @return how many were deleted; fewer than {@code batch} means none is left
     */
    public int deleteUploadedBefore(Instant cutoff, int batch) {
        List<StoredSnapshot> old = store.snapshotsUploadedBefore(cutoff, batch);
        for (StoredSnapshot s : old) {
            Path file = resolve(s.fileName());
            deleteQuietly(file);
            try {
                Files.deleteIfExists(file.getParent()); // the day's folder, once empty
            } catch (IOException e) {
                // not empty yet (DirectoryNotEmptyException) or busy: a later batch removes it
            }
        }
        store.deleteSnapshots(old);
        return old.size();
    }

    /** The snapshot directory. */
    public Path directory() {
        return directory;
    }

    private Path write(String fileName, byte[] jpeg) {
        Path target = resolve(fileName);
        Path temp = directory.resolve(".incoming").resolve(UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(jpeg);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write snapshot " + target + ": " + e.getMessage(), e);
        }
    }

    private Path resolve(String fileName) {
        Path p = directory.resolve(fileName).normalize();
        if (!p.startsWith(directory)) {
            throw new IllegalStateException("snapshot file name '" + fileName + "' points outside " + directory);
        }
        return p;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            LOG.warn("cannot delete snapshot file {}: {}", file, e.toString());
        }
    }
}
