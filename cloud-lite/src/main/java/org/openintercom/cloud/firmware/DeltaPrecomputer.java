package org.openintercom.cloud.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openintercom.cloud.firmware.FirmwareStore.DeltaState;
import org.openintercom.ota.Bundle;
import org.openintercom.ota.FirmwareVersion;
import org.openintercom.provisioning.pki.internal.SecureFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes patches to a new release in the background: from each of the {@code bases} newest earlier versions that
 * share a model with it, the base payload and the target payload are taken out of their bundles, the
 * {@link PatchMaker} writes the patch, and it is stored and recorded READY (or FAILED with the reason). Devices
 * only ever see READY patches ({@link FirmwareCatalog#delta}).
 */
public final class DeltaPrecomputer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaPrecomputer.class);

    private final FirmwareStore store;
    private final BundleStorage storage;
    private final PatchMaker maker;
    private final Path work;
    private final int bases;
    private final ExecutorService executor;

    /** @param work folder for payloads and patches being made (owner-only; emptied as it goes) */
    public DeltaPrecomputer(FirmwareStore store, BundleStorage storage, PatchMaker maker, Path work, int bases) {
        this.store = store;
        this.storage = storage;
        this.maker = maker;
        this.work = work;
        this.bases = bases;
        SecureFiles.createPrivateDirectory(work);
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "firmware-deltas");
            t.setDaemon(true);
            return t;
        });
    }

    /** The earlier releases a patch to {@code target} is made from: same model, older version, newest first. */
    public List<FirmwareRelease> basesFor(FirmwareRelease target) {
        FirmwareVersion targetVersion = FirmwareVersion.parse(target.version());
        return store.all().stream()
                .filter(r -> !r.bundleId().equals(target.bundleId()))
                .filter(r -> r.models().stream().anyMatch(target.models()::contains))
                .filter(r -> targetVersion.isNewerThan(FirmwareVersion.parse(r.version())))
                .sorted(Comparator.comparing((FirmwareRelease r) -> FirmwareVersion.parse(r.version())).reversed())
                .limit(bases)
                .toList();
    }

    /** Schedules the patches to {@code target}; the future completes when all of them are made or failed. */
    public CompletableFuture<Void> precompute(FirmwareRelease target) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (FirmwareRelease base : basesFor(target)) {
            String key = BundleStorage.deltaKey(base.bundleId(), target.bundleId());
            store.deltaPending(base.bundleId(), target.bundleId(), key);
            all.add(CompletableFuture.runAsync(() -> make(base, target, key), executor));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private void make(FirmwareRelease base, FirmwareRelease target, String key) {
        long t0 = System.nanoTime();
        Path basePayload = null;
        Path targetPayload = null;
        Path patch = null;
        try {
            basePayload = payload(base);
            targetPayload = payload(target);
            patch = Files.createTempFile(work, "patch-", ".tmp");
            maker.make(basePayload, targetPayload, patch);
            long size = Files.size(patch);
            storage.put(key, patch);
            if (!store.deltaFinished(base.bundleId(), target.bundleId(), DeltaState.READY, size, null)) {
                storage.delete(key);
                return;
            }
            LOG.info("firmware patch {} -> {} ready: {} bytes for a {} byte bundle, in {} ms", base.version(),
                    target.version(), size, target.bundleSize(), (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.warn("firmware patch {} -> {} failed: {}", base.version(), target.version(), e.toString());
            store.deltaFinished(base.bundleId(), target.bundleId(), DeltaState.FAILED, null, e.toString());
        } finally {
            FirmwareRepository.deleteQuietly(basePayload);
            FirmwareRepository.deleteQuietly(targetPayload);
            FirmwareRepository.deleteQuietly(patch);
        }
    }

    /** The payload of {@code release}, copied out of its stored bundle into the work folder. */
    private Path payload(FirmwareRelease release) throws IOException {
        String key = BundleStorage.bundleKey(release.bundleId());
        Path bundleFile = Files.createTempFile(work, "bundle-", ".oib");
        try {
            long size = storage.size(key).orElseThrow(() -> new IOException("bundle " + key + " is not stored"));
            try (InputStream in = storage.open(key, 0, size)) {
                Files.copy(in, bundleFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Bundle bundle = Bundle.open(bundleFile);
            Path payload = Files.createTempFile(work, "payload-", ".img");
            try (var ch = bundle.openPayload(); InputStream in = java.nio.channels.Channels.newInputStream(ch);
                    OutputStream out = Files.newOutputStream(payload)) {
                in.transferTo(out);
            }
            return payload;
        } finally {
            FirmwareRepository.deleteQuietly(bundleFile);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
