package org.openintercom.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.openintercom.agent.config.UpdateSettings;
import org.openintercom.agent.testing.MutableClock;
import org.openintercom.ota.BundleBuilder;
import org.openintercom.ota.BundleSigner;
import org.openintercom.ota.BundleSpec;
import org.openintercom.ota.FirmwareVersion;
import org.openintercom.ota.Manifest;
import org.openintercom.ota.Releases;
import org.openintercom.ota.SigningAlgorithm;
import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.channel.MaintenanceWindow;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.channel.UpdateProgress.State;

/**
 * One emulated station with an updater, a device API serving signed bundles, and the knobs the tests turn: a
 * settable clock, a call in progress, the cloud connection, free disk space. {@link #start()} is a start of the
 * station (after a reboot or a power cut): new slot driver and updater objects on the same folders.
 */
final class UpdateFixture implements AutoCloseable {

    static final int CHUNK = Manifest.MIN_CHUNK_SIZE;
    static final String MODEL = "ID5";

    final Path dir;
    final FirmwareServer server;
    final Releases releases;
    final Releases.Signer signer;
    final Path slotsDir;
    final Path downloads;
    final MutableClock clock = new MutableClock(Releases.NOW.plus(Duration.ofDays(1)));
    final AtomicBoolean inCall = new AtomicBoolean();
    final AtomicBoolean cloudUp = new AtomicBoolean(true);
    final List<UpdateProgress> reports = new CopyOnWriteArrayList<>();
    final AtomicInteger reboots = new AtomicInteger();
    long freeBytes = Long.MAX_VALUE;
    PatchApplier patches = PatchApplier.NONE;
    UnaryOperator<SlotDriver> wrapSlots = s -> s;
    Duration healthDeadline = Duration.ofSeconds(5);
    Runnable rebootHook = () -> { };
    /** Called at every clock reading, report, free-space probe and SIP check: where a power cut can strike. */
    Runnable tick = () -> { };
    FileSlotDriver slots;
    FirmwareUpdater updater;
    private ScheduledExecutorService worker;

    /** What the tests of a class share (making CAs takes a second or two): the device API and the release CA. */
    record Shared(FirmwareServer server, Releases releases, Releases.Signer signer) implements AutoCloseable {
        static Shared in(Path dir) throws IOException {
            Releases releases = Releases.givenReleaseCa(dir);
            return new Shared(new FirmwareServer(dir), releases, releases.givenSigner(SigningAlgorithm.ED25519));
        }

        @Override
        public void close() {
            server.close();
        }
    }

    UpdateFixture(Path dir, Shared shared) {
        this.dir = dir;
        this.server = shared.server();
        this.releases = shared.releases();
        this.signer = shared.signer();
        this.slotsDir = dir.resolve("slots");
        this.downloads = dir.resolve("downloads");
        server.reset();
    }

    /** The station as it left the factory: slot A holds {@code version} at {@code securityVersion}. */
    UpdateFixture givenFactoryImage(String version, long securityVersion, byte[] image) {
        FileSlotDriver.seed(slotsDir, image, new SlotImage(version, securityVersion, sha256(image)));
        return this;
    }

    static byte[] image(String text, int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, 0, Math.min(t.length, size));
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed bundle of {@code image} served at {@code /device/v1/firmware/NAME.oib}; returns its path. */
    String givenBundle(String name, BundleSpec spec, byte[] image) {
        try {
            Path payload = dir.resolve(name + ".img");
            Files.write(payload, image);
            Path bundle = dir.resolve(name + ".oib");
            BundleBuilder.build(payload, spec, bundle, Releases.CLOCK);
            BundleSigner.sign(bundle, signer.keys().getPrivate(), signer.chain());
            String path = "/device/v1/firmware/" + name + ".oib";
            server.serve(path, bundle);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BundleSpec spec(String version, long securityVersion) {
        return BundleSpec.of(FirmwareVersion.parse(version), List.of("ID5", "IM6"), securityVersion)
                .withChunkSize(CHUNK);
    }

    static FirmwareAssignment assignment(String id, String version, String path) {
        return assignment(id, version, path, Optional.empty(), Optional.empty());
    }

    static FirmwareAssignment assignment(String id, String version, String path,
            Optional<FirmwareAssignment.DeltaOffer> delta, Optional<MaintenanceWindow> window) {
        return new FirmwareAssignment(id, version, 3, false, path, 1, delta, window, Releases.NOW);
    }

    /** A start of the station: boot decision, updater resumes. */
    FirmwareUpdater start() {
        return start(Executors.newSingleThreadScheduledExecutor());
    }

    FirmwareUpdater start(ScheduledExecutorService executor) {
        worker = executor;
        slots = new FileSlotDriver(slotsDir);
        SlotDriver driver = wrapSlots.apply(slots);
        UpdateSettings settings = UpdateSettings.of(slotsDir, downloads, dir.resolve("unused.pem"))
                .withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5)).withHealthDeadline(healthDeadline);
        BooleanSupplier call = inCall::get;
        updater = FirmwareUpdater.builder()
                .slots(driver)
                .settings(settings)
                .releaseRoot(releases.root())
                .device(MODEL, "A")
                .fallbackVersion("0.9.0")
                .deviceApi(server.base(), server::deviceTls)
                .clock(new TickingClock())
                .worker(executor)
                .report(p -> {
                    tick.run();
                    reports.add(p);
                })
                .reboot(() -> {
                    rebootHook.run();
                    reboots.incrementAndGet();
                })
                .callInProgress(call)
                .healthChecks(List.of(new CloudConnectedCheck(cloudUp::get), new SipReadyCheck(() -> {
                    tick.run();
                    return true;
                }),
                        new SelfTestCheck(new EmulatedSelfTest(driver, "A"))))
                .patches(patches)
                .freeSpace(d -> {
                    tick.run();
                    return freeBytes;
                })
                .pollInterval(Duration.ofMillis(10))
                .build();
        updater.start();
        return updater;
    }

    /** Power off: the worker stops where it is, nothing is cleaned up. */
    void kill() {
        worker.shutdownNow();
        try {
            assertThat(worker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the last report is in {@code state} (and the worker is done with it). */
    UpdateProgress await(State state) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            if (!reports.isEmpty() && reports.get(reports.size() - 1).state() == state) {
                return reports.get(reports.size() - 1);
            }
            sleep(5);
        }
        throw new AssertionError("no " + state + " report; reports: " + reports.stream()
                .map(p -> p.state() + p.reason().map(r -> "(" + r + ")").orElse("")).toList());
    }

    /** Waits until {@code n} reboots were asked for. */
    void awaitReboots(int n) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (reboots.get() < n) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no reboot; reports: " + reports.stream().map(UpdateProgress::state).toList());
            }
            sleep(5);
        }
    }

    /** Lets the worker finish what it has queued. */
    void settle() {
        try {
            worker.submit(() -> { }).get(10, TimeUnit.SECONDS);
            sleep(30);
            worker.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<State> states() {
        return reports.stream().map(UpdateProgress::state).distinct().toList();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    /** The fixture's clock as the updater sees it: each reading is a {@link #tick}. */
    private final class TickingClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            tick.run();
            return clock.instant();
        }
    }
}
