package org.openintercom.cloud.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.openintercom.cloud.store.AuditEntry.Outcome;
import org.openintercom.cloud.store.AuditLog;
import org.openintercom.ota.FirmwareVersion;
import org.openintercom.ota.Manifest;
import org.openintercom.ota.BundleVerifier;
import org.openintercom.ota.RefusalReason;
import org.openintercom.ota.Verification;
import org.openintercom.provisioning.pki.internal.SecureFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The firmware repository: takes uploads (streamed to a temporary file with a size cap, verified against the
 * release root, stored under their SHA-256), lists and deletes bundles, hands out ranges of bundles and ready
 * patches for the device download, and is the {@link FirmwareCatalog} rollouts read. Permission checks are the
 * caller's (the installer API's {@code FirmwareService}); every change is audited here.
 */
public final class FirmwareRepository implements FirmwareCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareRepository.class);

    /** A stored object a device may download: its storage key, size and entity tag. */
    public record Servable(String key, long size, String etag) {
    }

    private final FirmwareStore store;
    private final BundleStorage storage;
    private final X509Certificate releaseRoot;
    private final AuditLog audit;
    private final Clock clock;
    private final Path incoming;
    private final long maxBundleSize;
    private volatile Predicate<String> inUse = id -> false;
    private volatile DeltaPrecomputer deltas;

    /**
     * @param incoming folder for uploads in progress (owner-only; files there are deleted once handled)
     */
    public FirmwareRepository(FirmwareStore store, BundleStorage storage, X509Certificate releaseRoot,
            AuditLog audit, Clock clock, Path incoming, long maxBundleSize) {
        this.store = store;
        this.storage = storage;
        this.releaseRoot = releaseRoot;
        this.audit = audit;
        this.clock = clock;
        this.incoming = incoming;
        this.maxBundleSize = maxBundleSize;
        SecureFiles.createPrivateDirectory(incoming);
    }

    /** Tells whether a bundle is referenced (e.g. by a rollout): such bundles are not deleted. */
    public void inUse(Predicate<String> inUse) {
        this.inUse = inUse;
    }

    /** Precomputes patches to each new upload (none when not set). */
    public void deltas(DeltaPrecomputer deltas) {
        this.deltas = deltas;
    }

    /** The release root bundles must be signed under. */
    public X509Certificate releaseRoot() {
        return releaseRoot;
    }

    /** The largest bundle accepted. */
    public long maxBundleSize() {
        return maxBundleSize;
    }

    /**
     * Reads a bundle from {@code body} (never more than the maximum bundle size plus one byte), verifies and
     * stores it on behalf of {@code actor}.
     *
     * @throws UncheckedIOException if the body cannot be read or the storage fails
     */
    public UploadOutcome upload(InputStream body, String actor) {
        Path temp = null;
        try {
            temp = Files.createTempFile(incoming, "upload-", ".oib");
            MessageDigest sha = sha256();
            long size = 0;
            byte[] buffer = new byte[64 << 10];
            try (OutputStream out = Files.newOutputStream(temp)) {
                for (int n; (n = body.read(buffer)) > 0;) {
                    size += n;
                    if (size > maxBundleSize) {
                        audit.record(actor, "firmware-upload", "firmware:?", Outcome.REFUSED,
                                "larger than " + maxBundleSize + " bytes");
                        return UploadOutcome.tooLarge(maxBundleSize);
                    }
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            return accept(temp, HexFormat.of().formatHex(sha.digest()), size, actor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot receive the uploaded bundle: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private UploadOutcome accept(Path file, String bundleId, long size, String actor) {
        Optional<FirmwareRelease> existing = store.find(bundleId);
        if (existing.isPresent()) {
            audit.record(actor, "firmware-upload", "firmware:" + bundleId, Outcome.OK, "already stored");
            return UploadOutcome.alreadyStored(existing.get());
        }
        Verification v = BundleVerifier.verify(file, releaseRoot, clock.instant());
        if (v instanceof Verification.Refused r) {
            audit.record(actor, "firmware-upload", "firmware:" + bundleId, Outcome.REFUSED, r.toString());
            return UploadOutcome.refused(r.reason(), r.message());
        }
        Verification.Valid valid = (Verification.Valid) v;
        Manifest m = valid.manifest();
        if (m.deltaBase().isPresent()) {
            String message = "the bundle carries a delta payload; upload full images (patches are made here)";
            audit.record(actor, "firmware-upload", "firmware:" + bundleId, Outcome.REFUSED, message);
            return UploadOutcome.refused(RefusalReason.UNSUPPORTED_FORMAT, message);
        }
        if (m.securityVersion() > Integer.MAX_VALUE) {
            String message = "securityVersion " + m.securityVersion() + " is larger than " + Integer.MAX_VALUE;
            audit.record(actor, "firmware-upload", "firmware:" + bundleId, Outcome.REFUSED, message);
            return UploadOutcome.refused(RefusalReason.MANIFEST_MALFORMED, message);
        }
        FirmwareRelease release = new FirmwareRelease(bundleId, m.version().toString(), m.models(),
                m.hardwareRevisions(), m.securityCritical(), (int) m.securityVersion(), size, m.payloadSha256(),
                m.releaseNotes(), valid.signer().getSubjectX500Principal().getName(), clock.instant());
        storage.put(BundleStorage.bundleKey(bundleId), file);
        if (!store.insert(release, m.payloadSize(), actor)) {
            FirmwareRelease other = store.find(bundleId).orElseThrow();
            return UploadOutcome.alreadyStored(other);
        }
        audit.record(actor, "firmware-upload", "firmware:" + bundleId, Outcome.OK, "version " + release.version()
                + " for " + String.join(",", release.models()) + ", " + size + " bytes, signed by " + release.signer());
        LOG.info("firmware {} version {} for {} stored ({} bytes, {})", bundleId, release.version(), release.models(),
                size, storage.describe());
        DeltaPrecomputer d = deltas;
        if (d != null) {
            d.precompute(release);
        }
        return UploadOutcome.stored(release);
    }

    /** Why {@code bundleId} cannot be deleted now, if so. */
    public Optional<String> deleteBlocker(String bundleId) {
        return inUse.test(bundleId) ? Optional.of("bundle " + bundleId + " is referenced by a rollout")
                : Optional.empty();
    }

    /** Deletes a bundle and its patches; false if unknown. Check {@link #deleteBlocker} first. */
    public boolean delete(String bundleId, String actor) {
        Optional<FirmwareRelease> release = store.find(bundleId);
        if (release.isEmpty()) {
            return false;
        }
        List<String> keys = new java.util.ArrayList<>();
        for (FirmwareRelease other : store.all()) {
            keys.add(BundleStorage.deltaKey(bundleId, other.bundleId()));
            keys.add(BundleStorage.deltaKey(other.bundleId(), bundleId));
        }
        boolean deleted = store.delete(bundleId);
        storage.delete(BundleStorage.bundleKey(bundleId));
        for (String key : keys) {
            storage.delete(key);
        }
        audit.record(actor, "firmware-delete", "firmware:" + bundleId, Outcome.OK, "version "
                + release.get().version());
        LOG.info("firmware {} version {} deleted", bundleId, release.get().version());
        return deleted;
    }

    @Override
    public Optional<FirmwareRelease> find(String bundleId) {
        return bundleId != null && bundleId.matches("[0-9a-f]{64}") ? store.find(bundleId) : Optional.empty();
    }

    @Override
    public List<FirmwareRelease> all() {
        return store.all();
    }

    @Override
    public Optional<FirmwareDelta> delta(String baseVersion, String targetBundleId) {
        Optional<FirmwareRelease> target = find(targetBundleId);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        for (FirmwareStore.DeltaRow row : store.deltasTo(targetBundleId)) {
            if (row.state() != FirmwareStore.DeltaState.READY) {
                continue;
            }
            Optional<FirmwareRelease> base = store.find(row.baseBundleId());
            if (base.isPresent() && sameVersion(base.get().version(), baseVersion)
                    && base.get().models().stream().anyMatch(target.get().models()::contains)) {
                return Optional.of(new FirmwareDelta(base.get().bundleId(), base.get().version(),
                        base.get().payloadSha256(), targetBundleId, deltaPath(targetBundleId, base.get().bundleId()),
                        row.patchSize()));
            }
        }
        return Optional.empty();
    }

    /** Where devices fetch the patch from {@code baseBundleId} to {@code targetBundleId} (device API). */
    public static String deltaPath(String targetBundleId, String baseBundleId) {
        return FirmwareRelease.DEVICE_PATH_PREFIX + targetBundleId + ".oib/delta/" + baseBundleId;
    }

    /** The bundle {@code bundleId} as stored, if known. */
    public Optional<Servable> servableBundle(String bundleId) {
        if (find(bundleId).isEmpty()) {
            return Optional.empty();
        }
        String key = BundleStorage.bundleKey(bundleId);
        OptionalLong size = storage.size(key);
        return size.isPresent() ? Optional.of(new Servable(key, size.getAsLong(), "\"" + bundleId + "\""))
                : Optional.empty();
    }

    /** The ready patch from {@code baseBundleId} to {@code targetBundleId}, if any. */
    public Optional<Servable> servablePatch(String targetBundleId, String baseBundleId) {
        if (!targetBundleId.matches("[0-9a-f]{64}") || !baseBundleId.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        return store.delta(baseBundleId, targetBundleId)
                .filter(r -> r.state() == FirmwareStore.DeltaState.READY)
                .flatMap(r -> {
                    OptionalLong size = storage.size(r.storageKey());
                    return size.isPresent() ? Optional.of(new Servable(r.storageKey(), size.getAsLong(),
                            "\"" + targetBundleId + "-from-" + baseBundleId + "\"")) : Optional.empty();
                });
    }

    /** Bytes {@code offset .. offset+length-1} of a stored object; the caller closes the stream. */
    public InputStream open(Servable object, long offset, long length) {
        return storage.open(object.key(), offset, length);
    }

    private static boolean sameVersion(String a, String b) {
        try {
            return FirmwareVersion.parse(a).compareTo(FirmwareVersion.parse(b)) == 0;
        } catch (IllegalArgumentException e) {
            return a.equals(b);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }
}
