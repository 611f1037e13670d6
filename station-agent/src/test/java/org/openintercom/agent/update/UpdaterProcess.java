package org.openintercom.agent.update;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.openintercom.agent.config.UpdateSettings;
import org.openintercom.ota.Releases;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.pki.Pem;
import org.openintercom.provisioning.pki.SslContexts;

/**
 * One start of an emulated station in its own JVM, for {@link KilledUpdaterTest}: boot decision, updater on the
 * station's folders, the retained firmware assignment fed in, every report appended to a progress file as one JSON
 * line (flushed and synced before the updater goes on), then announced on standard output as {@code REPORT <state>}
 * so the parent can time its kills from the step the station is in ({@code STARTING} comes first). Exits with {@value #REBOOT} when the updater asks for a
 * reboot (after the report is on disk) and with 0 once the update has reached a final state. The parent kills it
 * with SIGKILL at random points: a power cut.
 *
 * <p>Arguments: slots folder, downloads folder, release root PEM, device API base URL, device key PEM, device
 * certificate chain PEM, server trust PEM, assignment JSON file, progress file.
 */
public final class UpdaterProcess {

    /** Exit status of a reboot (what the agent exits with when the updater restarts the station). */
    static final int REBOOT = 75;

    private UpdaterProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            System.err.println("usage: UpdaterProcess SLOTS DOWNLOADS RELEASE_ROOT_PEM API_BASE DEVICE_KEY_PEM"
                    + " DEVICE_CHAIN_PEM TRUST_PEM ASSIGNMENT_JSON PROGRESS_FILE");
            System.exit(2);
        }
        Path slotsDir = Path.of(args[0]);
        Path downloads = Path.of(args[1]);
        var releaseRoot = Pem.readCertificate(Path.of(args[2]));
        URI api = URI.create(args[3]);
        SSLContext tls = SslContexts.mutual(Pem.readPrivateKey(Path.of(args[4]), null),
                Pem.readCertificates(Path.of(args[5])), Pem.readCertificates(Path.of(args[6])));
        FirmwareAssignment assignment = ChannelJson.decode(Files.readAllBytes(Path.of(args[7])),
                FirmwareAssignment.class);
        Path progress = Path.of(args[8]);

        // the bundles are signed at Releases.NOW: the station's clock runs from a day later
        Clock clock = Clock.offset(Clock.systemUTC(),
                Duration.between(Instant.now(), Releases.NOW.plus(Duration.ofDays(1))));
        CountDownLatch done = new CountDownLatch(1);
        ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
        FileChannel out = FileChannel.open(progress, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        Object lock = new Object();
        boolean[] reported = new boolean[1];
        java.util.function.Consumer<UpdateProgress> append = p -> {
            synchronized (lock) {
                try {
                    out.write(ByteBuffer.wrap((ChannelJson.encodeToString(p) + "\n")
                            .getBytes(StandardCharsets.UTF_8)));
                    out.force(true);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                reported[0] = true;
                // on disk: now tell the parent (it times its kills from these lines)
                System.out.println("REPORT " + p.state());
                System.out.flush();
            }
            if (p.state().isFinal()) {
                done.countDown();
            }
        };

        FileSlotDriver slots = new FileSlotDriver(slotsDir);
        UpdateSettings settings = UpdateSettings.of(slotsDir, downloads, Path.of(args[2]))
                .withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5)).withHealthDeadline(Duration.ofSeconds(5));
        FirmwareUpdater updater = FirmwareUpdater.builder()
                .slots(slots)
                .settings(settings)
                .releaseRoot(releaseRoot)
                .device(UpdateFixture.MODEL, "A")
                .fallbackVersion("0.9.0")
                .deviceApi(api, () -> tls)
                .clock(clock)
                .worker(worker)
                .report(append)
                .reboot(() -> Runtime.getRuntime().halt(REBOOT)) // the report before it is on disk already
                .healthChecks(List.of(new CloudConnectedCheck(() -> true), new SipReadyCheck(() -> true),
                        new SelfTestCheck(new EmulatedSelfTest(slots, "A"))))
                .pollInterval(Duration.ofMillis(10))
                .build();
        System.out.println("STARTING");
        System.out.flush();
        updater.start();
        updater.onAssignment(Optional.of(assignment)); // the retained assignment arrives at every start

        // a cut after the final state was saved but before it was reported: the record on disk says it (a real
        // agent publishes it again, retained); report it so the run ends
        worker.submit(() -> { }).get(30, TimeUnit.SECONDS);
        Optional<UpdateRecord> kept = UpdateRecord.load(downloads.resolve(UpdateRecord.FILE));
        synchronized (lock) {
            if (!reported[0] && kept.isPresent() && kept.get().state().isFinal()
                    && kept.get().assignment().id().equals(assignment.id())) {
                UpdateRecord r = kept.get();
                append.accept(new UpdateProgress(r.assignment().id(), r.assignment().version(), r.state(), 100,
                        r.reason(), r.message(), updater.runningVersion(), clock.instant()));
            }
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            System.err.println("no final state within 60 s");
            Runtime.getRuntime().halt(3);
        }
        worker.submit(() -> { }).get(30, TimeUnit.SECONDS); // lets the updater finish the step (cleanup)
        Runtime.getRuntime().halt(0);
    }
}
