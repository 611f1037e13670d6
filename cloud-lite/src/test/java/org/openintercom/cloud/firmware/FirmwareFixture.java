package org.openintercom.cloud.firmware;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.ota.BundleBuilder;
import org.openintercom.ota.BundleSigner;
import org.openintercom.ota.Releases;
import org.openintercom.ota.SigningAlgorithm;

/**
 * A firmware repository on a fresh test database and a disk folder, with a release CA and signer from the ota
 * fixtures and helpers that make signed, unsigned and damaged bundles.
 */
public final class FirmwareFixture implements AutoCloseable {

    public final Path dir;
    public final TestDatabase testDb;
    public final Releases releases;
    public final Releases.Signer signer;
    public final FirmwareStore store;
    public final BundleStorage storage;
    public final AuditLog audit;
    public final FirmwareRepository repository;
    private int made;

    public FirmwareFixture(Path dir, TestDatabase.Kind kind, long maxBundleSize) {
        this(dir, kind, maxBundleSize, null);
    }

    public FirmwareFixture(Path dir, TestDatabase.Kind kind, long maxBundleSize, BundleStorage storage) {
        this.dir = dir;
        this.testDb = kind.open();
        this.releases = Releases.givenReleaseCa(dir);
        this.signer = releases.givenSigner(SigningAlgorithm.ED25519);
        Clock clock = Releases.CLOCK;
        this.store = new FirmwareStore(testDb.database(), clock);
        this.storage = storage != null ? storage : new DiskBundleStorage(dir.resolve("firmware"));
        this.audit = new AuditLog(testDb.database(), clock);
        this.repository = new FirmwareRepository(store, this.storage, releases.root(), audit, clock,
                dir.resolve("incoming"), maxBundleSize);
    }

    /** A bundle of version {@code version} for ID5 and IM6 with a payload of {@code size} bytes, signed or not. */
    public Path givenBundle(String version, long size, boolean signed) {
        String name = "fw-" + version + "-" + (++made);
        Path out = dir.resolve(name + ".oib");
        BundleBuilder.build(releases.givenPayload(name + ".img", size), Releases.spec(version), out, Releases.CLOCK);
        if (signed) {
            BundleSigner.sign(out, signer.keys().getPrivate(), signer.chain());
        }
        return out;
    }

    /** A signed bundle. */
    public Path givenSignedBundle(String version, long size) {
        return givenBundle(version, size, true);
    }

    /** Overwrites bytes of {@code file} at {@code offset}. */
    public static void overwrite(Path file, long offset, byte[] bytes) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        testDb.close();
    }
}
