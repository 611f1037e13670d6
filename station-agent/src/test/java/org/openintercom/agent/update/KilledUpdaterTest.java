package org.openintercom.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.ota.FirmwareVersion;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.channel.UpdateProgress.State;
import org.openintercom.provisioning.pki.Pem;

/**
 * The power-cut test with real process kills: each start of the station is its own JVM ({@link UpdaterProcess})
 * against the mutual-TLS device API, and the test kills it with SIGKILL at random points of every step, again and
 * again, until at least {@value #KILLS} kills have happened. A child that exits with 75 asked for a reboot and is
 * started again (not a cut). After each run the station must boot a slot holding a complete image, with no trial
 * pending, and the update must have ended {@code COMMITTED} with the new version running or {@code ROLLED_BACK} with
 * the old one (a bad image is always rolled back).
 *
 * <p>Where the kills land: a start is killed either at a random time after its JVM was launched (the boot decision
 * and the resumption, before anything is reported) or at a random time into one step (download, verify, install,
 * reboot, health check), timed from the child's own report that the step began and spread over the step's length as
 * measured in an uncut run. The test prints how many kills landed in each step and asserts that every step got some.
 *
 * <p>What a process kill does not cover: the page cache survives it (a real power cut loses unsynced writes). The
 * in-process {@link PowerCutTest} cuts at points a kill from outside rarely hits (each write of the slot image).
 */
@Tag("slow")
class KilledUpdaterTest {

    private static final int KILLS = Integer.getInteger("oi.test.kills", 100);
    /** At most this many kills in one run (then it finishes by itself). */
    private static final int KILLS_PER_RUN = 10;
    /** Stations updating at the same time. */
    private static final int PARALLEL = 2;
    private static final int SIZE = 16 * UpdateFixture.CHUNK + 77;
    private static final byte[] OLD = UpdateFixture.image("firmware 1.0.0", SIZE, 1);
    private static final byte[] NEW = UpdateFixture.image("firmware 1.1.0", SIZE, 2);
    private static final byte[] BAD = UpdateFixture.image("firmware 1.1.0 " + EmulatedSelfTest.MARKER, SIZE, 3);
    /**
     * The kill targets of a start before its reboot and of the start that runs the trial (download and install twice:
     * their resumption is what the updater's records are for).
     */
    private static final List<String> FIRST_START = List.of("BOOT", State.DOWNLOADING.name(),
            State.DOWNLOADING.name(), State.VERIFYING.name(), State.INSTALLING.name(), State.INSTALLING.name(),
            State.REBOOTING.name());
    private static final List<String> TRIAL_START = List.of("BOOT", State.HEALTH_CHECK.name());
    /** The steps every one of which must see kills. */
    private static final List<String> STEPS = List.of("BOOT", State.DOWNLOADING.name(), State.VERIFYING.name(),
            State.INSTALLING.name(), State.REBOOTING.name(), State.HEALTH_CHECK.name());

    @TempDir
    static Path sharedDir;
    static UpdateFixture.Shared shared;
    static Path stations;
    static String goodPath;
    static String badPath;
    static Path releaseRootPem;
    static Path deviceKeyPem;
    static Path deviceChainPem;
    static Path trustPem;
    /** The test's class path with each folder of classes packed into a jar (a CDS archive takes jars only). */
    static String childClassPath;

    /** Station folders on tmpfs when there is one (a process kill leaves the page cache: disk adds nothing). */
    private static Path stations() throws IOException {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "killed")
                : Files.createTempDirectory("killed");
    }

    @BeforeAll
    static void givenDeviceApiAndBundles() throws IOException {
        shared = UpdateFixture.Shared.in(sharedDir);
        stations = stations();
        childClassPath = jarred(System.getProperty("java.class.path"), sharedDir.resolve("classpath"));
        Files.createDirectories(sharedDir.resolve("bundles"));
        UpdateFixture fx = new UpdateFixture(sharedDir.resolve("bundles"), shared);
        goodPath = fx.givenBundle("v110", UpdateFixture.spec("1.1.0", 3), NEW);
        badPath = fx.givenBundle("v110-bad", UpdateFixture.spec("1.1.0", 3), BAD);
        releaseRootPem = sharedDir.resolve("release-root.pem");
        deviceKeyPem = sharedDir.resolve("device-key.pem");
        deviceChainPem = sharedDir.resolve("device-chain.pem");
        trustPem = sharedDir.resolve("device-api-root.pem");
        Pem.writeCertificates(releaseRootPem, List.of(shared.releases().root()));
        Pem.writePrivateKey(deviceKeyPem, shared.server().deviceKey(), null);
        Pem.writeCertificates(deviceChainPem, shared.server().deviceChain());
        Pem.writeCertificates(trustPem, List.of(shared.server().caRoot()));
    }

    private static String jarred(String classPath, Path into) throws IOException {
        Files.createDirectories(into);
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path folder = Path.of(entry);
            if (!Files.isDirectory(folder)) {
                entries.add(entry);
                continue;
            }
            Path jar = into.resolve(entries.size() + ".jar");
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                    Stream<Path> files = Files.walk(folder)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new java.util.jar.JarEntry(folder.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    @AfterAll
    static void stop() throws IOException {
        if (shared != null) {
            shared.close();
        }
        if (stations != null) {
            try (Stream<Path> files = Files.walk(stations)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** What happened in the runs so far (the stations run on two threads). */
    static final class Tally {
        private int kills;
        private int starts;
        private int committed;
        private int rolledBack;
        /** Kills by the step the killed start was in: its last report, or BOOT before its first. */
        private final Map<String, Integer> byStep = new TreeMap<>();

        synchronized int kills() {
            return kills;
        }

        synchronized void started() {
            starts++;
        }

        synchronized void killed(String step) {
            kills++;
            byStep.merge(step, 1, Integer::sum);
        }

        synchronized void ended(boolean committedNew) {
            if (committedNew) {
                committed++;
            } else {
                rolledBack++;
            }
        }

        synchronized boolean hitEvery(List<String> steps) {
            return byStep.keySet().containsAll(steps);
        }

        synchronized String summary(int runs, long millis) {
            return kills + " kills in " + runs + " runs (" + starts + " starts, " + committed + " committed, "
                    + rolledBack + " rolled back) in " + millis + " ms; kills by step: " + byStep.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    /** Where and when to kill one start. */
    record Kill(String target, long delayMillis) {
    }

    /** How long each step and the boot (launch to the first report) took in an uncut run, in ms. */
    static final class Lengths {
        final Map<String, Long> millis = new TreeMap<>();

        void add(String step, long ms) {
            millis.merge(step, Math.max(1, ms), Math::max);
        }

        long of(String step) {
            return millis.getOrDefault(step, 20L);
        }
    }

    @Test
    void killed_at_random_points_the_station_always_boots_a_complete_slot_and_ends_committed_or_rolled_back()
            throws Exception {
        long t0 = System.nanoTime();
        Tally tally = new Tally();
        // the first uncut run warms the device API up (its first handshakes are slow)
        run(-2, false, new Random(0), tally, null, null);
        Lengths lengths = new Lengths();
        assertThat(run(-1, false, new Random(0), tally, lengths, null).state()).isEqualTo(State.COMMITTED);
        assertThat(run(0, true, new Random(0), tally, lengths, null).state()).isEqualTo(State.ROLLED_BACK);
        System.out.println("KilledUpdaterTest: uncut step lengths (ms) " + lengths.millis);
        // two stations at a time (a start is mostly one busy core), each run with its own seeded randomness
        AtomicInteger next = new AtomicInteger();
        ExecutorService stations = Executors.newFixedThreadPool(PARALLEL);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < PARALLEL; w++) {
            workers.add(stations.submit(() -> {
                // on until enough kills and every step has been hit (a short step may need more tries)
                while ((tally.kills() < KILLS || !tally.hitEvery(STEPS)) && tally.kills() < 2 * KILLS) {
                    int n = next.incrementAndGet();
                    boolean bad = n % 4 == 0;
                    Run r = run(n, bad, new Random(20261123L * 31 + n), tally, null, lengths);
                    if (bad) {
                        assertThat(r.state()).as("run %d (bad image)", n).isEqualTo(State.ROLLED_BACK);
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : workers) {
                f.get(10, TimeUnit.MINUTES);
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            stations.shutdownNow();
        }
        int runs = next.get();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("KilledUpdaterTest: " + tally.summary(runs, millis));
        assertThat(tally.kills).isGreaterThanOrEqualTo(KILLS);
        assertThat(tally.committed).isPositive();
        assertThat(tally.rolledBack).isPositive();
        assertThat(tally.byStep).as("kills by step").containsKeys(STEPS.toArray(String[]::new));
    }

    record Run(State state, long millis) {
    }

    /** A line from a child with the time it was read. */
    record Line(String text, long nanos) {
    }

    /**
     * One station from the factory image to the end of its update; killed at random points unless {@code lengths}
     * is null (then the steps of the uncut starts are measured into {@code measure} when it is given).
     */
    private Run run(int n, boolean bad, Random random, Tally tally, Lengths measure, Lengths lengths)
            throws Exception {
        long t0 = System.nanoTime();
        Path dir = stations.resolve("run" + n);
        Path slotsDir = dir.resolve("slots");
        Path downloads = dir.resolve("downloads");
        Files.createDirectories(downloads);
        FileSlotDriver.seed(slotsDir, OLD, new SlotImage("1.0.0", 3, UpdateFixture.sha256(OLD)));
        Path assignment = dir.resolve("assignment.json");
        Files.write(assignment, ChannelJson.encode(UpdateFixture.assignment("run" + n, "1.1.0",
                bad ? badPath : goodPath)));
        Path progress = dir.resolve("progress.jsonl");
        Files.createFile(progress);
        Path log = dir.resolve("station.log");
        int kills = 0;
        for (int start = 0; ; start++) {
            assertThat(start).as("run %d: starts of the station (stuck?)", n).isLessThan(40);
            tally.started();
            Kill kill = null;
            // every start is killed until the run has had its share (starts that run through cost as much)
            if (lengths != null && kills < KILLS_PER_RUN) {
                List<UpdateProgress> before = reports(progress);
                State last = before.isEmpty() ? null : before.get(before.size() - 1).state();
                List<String> targets = last == State.REBOOTING || last == State.HEALTH_CHECK ? TRIAL_START
                        : FIRST_START;
                String target = targets.get(random.nextInt(targets.size()));
                // a short step: early in it, so the kill lands before the step is over
                long length = lengths.of(target);
                kill = new Kill(target, random.nextLong(length < 100 ? length / 2 + 1 : length));
            }
            Outcome outcome = start(slotsDir, downloads, assignment, progress, log, kill, measure);
            if (outcome.killedIn() != null) {
                kills++;
                tally.killed(outcome.killedIn());
                continue;
            }
            if (outcome.status() == UpdaterProcess.REBOOT) {
                continue;
            }
            assertThat(outcome.status()).as("run %d: exit status; see %s", n, log).isZero();
            break;
        }
        List<UpdateProgress> all = reports(progress);
        assertThat(all).as("run %d: reports", n).isNotEmpty();
        UpdateProgress last = all.get(all.size() - 1);
        assertThat(last.state()).as("run %d: last report; see %s", n, log).isIn(State.COMMITTED, State.ROLLED_BACK);
        FileSlotDriver check = new FileSlotDriver(slotsDir);
        BootOutcome boot = check.boot();
        assertThat(boot.trial()).as("run %d: a trial pending", n).isFalse();
        assertThat(check.state().trial()).isNull();
        SlotImage running = check.image(boot.slot()).orElseThrow();
        boolean committed = last.state() == State.COMMITTED;
        assertThat(running.sha256()).as("run %d: the image running", n)
                .isEqualTo(UpdateFixture.sha256(committed ? NEW : OLD));
        Path file = check.imageFile(boot.slot()).orElseThrow();
        assertThat(UpdateFixture.sha256(Files.readAllBytes(file))).as("run %d: the image is complete", n)
                .isEqualTo(running.sha256());
        assertThat(last.runningVersion()).isEqualTo(committed ? "1.1.0" : "1.0.0");
        assertThat(FirmwareVersion.parse(running.version())).isEqualTo(FirmwareVersion.parse(
                committed ? "1.1.0" : "1.0.0"));
        tally.ended(committed);
        return new Run(last.state(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** How one start ended: killed in a step, or exited by itself with a status. */
    record Outcome(String killedIn, int status) {
    }

    /** Starts the station once and kills it as {@code kill} says (never when null). */
    private static Outcome start(Path slotsDir, Path downloads, Path assignment, Path progress, Path log, Kill kill,
            Lengths measure) throws Exception {
        Process p = child(slotsDir, downloads, assignment, progress, log);
        long launched = System.nanoTime();
        LinkedBlockingQueue<Line> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofPlatform().daemon().name("killed-updater-stdout").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(new Line(line, System.nanoTime()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        long killAt = kill != null && kill.target().equals("BOOT")
                ? launched + TimeUnit.MILLISECONDS.toNanos(kill.delayMillis()) : Long.MAX_VALUE;
        long deadline = launched + TimeUnit.SECONDS.toNanos(60);
        List<Line> seen = new ArrayList<>();
        while (true) {
            long now = System.nanoTime();
            assertThat(now).as("the station goes on (stuck?); see %s", log).isLessThan(deadline);
            if (now >= killAt) {
                break;
            }
            Line line = lines.poll(Math.max(1, Math.min(killAt, now + TimeUnit.MILLISECONDS.toNanos(20)) - now),
                    TimeUnit.NANOSECONDS);
            if (line == null) {
                if (!p.isAlive() && !reader.isAlive() && lines.isEmpty()) {
                    break;
                }
                continue;
            }
            seen.add(line);
            if (kill != null && killAt == Long.MAX_VALUE && line.text().equals("REPORT " + kill.target())) {
                killAt = line.nanos() + TimeUnit.MILLISECONDS.toNanos(kill.delayMillis());
            }
        }
        boolean killed = p.isAlive();
        if (killed) {
            p.destroyForcibly(); // SIGKILL
        }
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long exited = System.nanoTime();
        reader.join(TimeUnit.SECONDS.toMillis(10));
        lines.drainTo(seen);
        int status = p.exitValue();
        if (!killed) {
            assertThat(status).as("exit status of a start that was not killed; its output:%n%s%n%s",
                    seen.stream().map(Line::text).collect(Collectors.joining("\n")), tail(log))
                    .isIn(0, UpdaterProcess.REBOOT);
        }
        if (status == UpdaterProcess.REBOOT || status == 0) {
            if (measure != null) {
                measure(seen, launched, exited, measure);
            }
            return new Outcome(null, status); // it got there by itself (perhaps just before the kill)
        }
        String step = "BOOT";
        for (Line line : seen) {
            if (line.text().startsWith("REPORT ")) {
                step = line.text().substring("REPORT ".length());
            }
        }
        return new Outcome(step, status);
    }

    /** Step lengths of an uncut start: from a step's first report to the next step's (or the exit). */
    private static void measure(List<Line> seen, long launched, long exited, Lengths into) {
        Map<State, Long> first = new EnumMap<>(State.class);
        List<Long> times = new ArrayList<>();
        List<State> order = new ArrayList<>();
        for (Line line : seen) {
            if (line.text().startsWith("REPORT ")) {
                State s = State.valueOf(line.text().substring("REPORT ".length()));
                if (first.putIfAbsent(s, line.nanos()) == null) {
                    order.add(s);
                    times.add(line.nanos());
                }
            }
        }
        into.add("BOOT", TimeUnit.NANOSECONDS.toMillis((times.isEmpty() ? exited : times.get(0)) - launched));
        System.out.println("KilledUpdaterTest: uncut start: " + seen.stream()
                .filter(l -> l.text().startsWith("REPORT ") || l.text().equals("STARTING"))
                .map(l -> l.text().replace("REPORT ", "") + "@" + TimeUnit.NANOSECONDS.toMillis(l.nanos() - launched))
                .collect(Collectors.joining(", "))
                + ", exit@" + TimeUnit.NANOSECONDS.toMillis(exited - launched));
        for (int i = 0; i < order.size(); i++) {
            long end = i + 1 < times.size() ? times.get(i + 1) : exited;
            into.add(order.get(i).name(), TimeUnit.NANOSECONDS.toMillis(end - times.get(i)));
        }
    }

    private static Process child(Path slotsDir, Path downloads, Path assignment, Path progress, Path log)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto",
                // the classes of a child's start in a CDS archive the first uncut child writes when it exits: the
                // 150-odd later starts map them instead of loading and verifying them again
                "-XX:SharedArchiveFile=" + sharedDir.resolve("updater-classes.jsa"), "-XX:+AutoCreateSharedArchive",
                // no logging framework in the child (its start dominates the test; reports and stderr suffice)
                "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
                "-cp", childClassPath, UpdaterProcess.class.getName(),
                slotsDir.toString(), downloads.toString(), releaseRootPem.toString(),
                shared.server().base().toString(), deviceKeyPem.toString(), deviceChainPem.toString(),
                trustPem.toString(), assignment.toString(), progress.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** The end of a station's log (for failure messages: the folders are deleted after the test). */
    private static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    /** The reports in the progress file (a line being written is left out). */
    private static List<UpdateProgress> reports(Path progress) throws IOException {
        String text = Files.readString(progress, StandardCharsets.UTF_8);
        List<UpdateProgress> out = new ArrayList<>();
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return out;
        }
        for (String line : text.substring(0, end).split("\n")) {
            if (!line.isBlank()) {
                out.add(ChannelJson.decode(line, UpdateProgress.class));
            }
        }
        return out;
    }
}
