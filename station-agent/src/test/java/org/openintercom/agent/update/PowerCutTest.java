package org.openintercom.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.channel.UpdateProgress.State;

/**
 * Cuts the power at random points of every step of an update (download, verify, install, reboot, health check,
 * commit), many times over, and checks the station always starts a slot with a complete image and the update
 * always ends committed or rolled back, never stuck.
 *
 * <p>A "cut" throws {@link CuttableSlots.PowerCut} (an Error) from a hook the updater passes through: every clock
 * reading (each downloaded chunk, each report, each window check), each report, the free-space probe, the SIP
 * check and every slot operation including each write of the image. The worker thread unwinds at once, then the
 * test drops the updater, the slot driver and the worker without any cleanup and starts new ones on the same
 * folders. What differs from a real power cut: try-with-resources still closes open files on the way out (an
 * unfinished slot write deletes its temporary file, which a real cut leaves behind; the slot is invalid in both
 * cases), and the page cache survives (the code syncs where it matters; that is not observable here).
 */
class PowerCutTest {

    private static final int RUNS = 120;
    private static final int SIZE = 5 * UpdateFixture.CHUNK + 77;
    private static final byte[] OLD = UpdateFixture.image("firmware 1.0.0", SIZE, 1);
    private static final byte[] NEW = UpdateFixture.image("firmware 1.1.0", SIZE, 2);

    @TempDir
    static Path sharedDir;
    static UpdateFixture.Shared shared;
    static Path bundle;
    static Path dir;

    /** Station folders on tmpfs when there is one: the cuts come from hooks, fsync latency only slows the test. */
    private static Path stations() throws IOException {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "powercut")
                : Files.createTempDirectory("powercut");
    }

    @BeforeAll
    static void givenDeviceApi() throws IOException {
        shared = UpdateFixture.Shared.in(sharedDir);
        dir = stations();
    }

    @AfterAll
    static void stop() throws IOException {
        shared.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The power of one station: goes off after {@code budget} ticks (never when negative). */
    static final class Power {
        final AtomicInteger left = new AtomicInteger(-1);
        final AtomicBoolean off = new AtomicBoolean();
        final AtomicInteger ticks = new AtomicInteger();

        void tick() {
            ticks.incrementAndGet();
            if (off.get()) {
                throw new CuttableSlots.PowerCut();
            }
            if (left.get() >= 0 && left.decrementAndGet() < 0) {
                off.set(true);
                throw new CuttableSlots.PowerCut();
            }
        }

        void on(int budget) {
            off.set(false);
            left.set(budget);
        }
    }

    @Test
    void the_station_always_boots_a_complete_slot_and_ends_committed_or_rolled_back() throws Exception {
        int ticksOfAnUncutUpdate = run(dir.resolve("uncut"), new Random(0), -1).ticks;
        Random random = new Random(20261123);
        int committed = 0;
        int rolledBack = 0;
        int cuts = 0;
        for (int i = 0; i < RUNS; i++) {
            Outcome o = run(dir.resolve("run" + i), random, 1 + random.nextInt(ticksOfAnUncutUpdate));
            cuts += o.cuts;
            if (o.state == State.COMMITTED) {
                committed++;
            } else {
                rolledBack++;
            }
        }
        assertThat(cuts).isGreaterThanOrEqualTo(100);
        assertThat(committed + rolledBack).isEqualTo(RUNS);
        assertThat(committed).isPositive();
        assertThat(rolledBack).isPositive();
    }

    record Outcome(State state, int cuts, int ticks) {
    }

    /** One station from the factory image to the end of the update, with a first cut after {@code budget} ticks. */
    private Outcome run(Path stationDir, Random random, int budget) {
        UpdateFixture fx = new UpdateFixture(stationDir, shared).givenFactoryImage("1.0.0", 3, OLD);
        String path = "/device/v1/firmware/v110.oib";
        if (bundle == null) {
            fx.givenBundle("v110", UpdateFixture.spec("1.1.0", 3), NEW);
            bundle = stationDir.resolve("v110.oib");
        }
        fx.server.serve(path, bundle);
        FirmwareAssignment a = UpdateFixture.assignment("r1", "1.1.0", path);
        Power power = new Power();
        fx.tick = power::tick;
        fx.wrapSlots = s -> new CuttableSlots(s, power::tick);
        int cuts = 0;
        int starts = 0;
        power.on(budget);
        try {
            while (true) {
                assertThat(starts++).as("starts of the station (stuck?)").isLessThan(20);
                int rebootsBefore = fx.reboots.get();
                try {
                    fx.start().onAssignment(Optional.of(a)); // the retained assignment arrives at every start
                    assertThat(fx.slots.image(fx.slots.running())).as("the running slot holds a complete image")
                            .isPresent();
                } catch (CuttableSlots.PowerCut e) {
                    // cut while booting
                }
                long end = System.nanoTime() + 10_000_000_000L;
                while (!power.off.get() && fx.reboots.get() == rebootsBefore && !finished(fx)) {
                    assertThat(System.nanoTime()).as("the update goes on (stuck?)").isLessThan(end);
                    UpdateFixture.sleep(2);
                }
                if (power.off.get()) {
                    cuts++;
                }
                boolean rebooting = fx.reboots.get() != rebootsBefore;
                if (!power.off.get() && !rebooting && finished(fx)) {
                    fx.settle();
                    break;
                }
                fx.kill();
                // after a cut or a reboot, sometimes another cut later on
                power.on(budget < 0 || random.nextInt(3) > 0 ? -1 : random.nextInt(60));
            }
            State state = UpdateRecord.load(fx.downloads.resolve(UpdateRecord.FILE)).orElseThrow().state();
            assertThat(state).isIn(State.COMMITTED, State.ROLLED_BACK);
            FileSlotDriver check = new FileSlotDriver(fx.slotsDir);
            BootOutcome boot = check.boot();
            assertThat(boot.trial()).isFalse();
            assertThat(check.state().trial()).isNull();
            SlotImage running = check.image(boot.slot()).orElseThrow();
            assertThat(running.sha256()).isEqualTo(UpdateFixture.sha256(state == State.COMMITTED ? NEW : OLD));
            return new Outcome(state, cuts, power.ticks.get());
        } finally {
            fx.close();
        }
    }

    private static boolean finished(UpdateFixture fx) {
        try {
            return UpdateRecord.load(fx.downloads.resolve(UpdateRecord.FILE))
                    .map(r -> r.state().isFinal()).orElse(false);
        } catch (RuntimeException e) {
            return false; // being written
        }
    }
}
