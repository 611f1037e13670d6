package org.openintercom.agent.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSlotDriverTest {

    @TempDir
    Path dir;

    private static final byte[] V2 = "firmware 2.0.0 ".repeat(10_000).getBytes(StandardCharsets.US_ASCII);

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A start of the station: a new driver on the same folder, as after a reboot or a power cut. */
    private FileSlotDriver start() {
        FileSlotDriver d = new FileSlotDriver(dir);
        d.boot();
        return d;
    }

    private static void install(SlotDriver d, byte[] image, String version) throws Exception {
        try (SlotDriver.InstallWriter w = d.install()) {
            OutputStream out = w.out();
            out.write(image);
            w.complete(new SlotImage(version, 2, sha256(image)));
        }
    }

    @Test
    void a_new_station_runs_slot_a() {
        assertThat(new FileSlotDriver(dir).boot()).isEqualTo(BootOutcome.normal(Slot.A));
    }

    @Test
    void an_update_is_written_to_the_other_slot_tried_once_and_kept_after_commit() throws Exception {
        FileSlotDriver d = start();
        install(d, V2, "2.0.0");
        d.tryOnce(Slot.B);

        FileSlotDriver trial = new FileSlotDriver(dir);
        BootOutcome outcome = trial.boot();
        trial.commit();

        assertThat(outcome).isEqualTo(new BootOutcome(Slot.B, true, java.util.Optional.empty()));
        assertThat(trial.image(Slot.B)).map(SlotImage::version).contains("2.0.0");
        assertThat(new FileSlotDriver(dir).boot()).isEqualTo(BootOutcome.normal(Slot.B));
    }

    @Test
    void a_trial_that_is_not_committed_rolls_back_at_the_next_start() throws Exception {
        FileSlotDriver d = start();
        install(d, V2, "2.0.0");
        d.tryOnce(Slot.B);
        new FileSlotDriver(dir).boot(); // the trial starts, then the station dies before its health check

        BootOutcome after = new FileSlotDriver(dir).boot();

        assertThat(after.slot()).isEqualTo(Slot.A);
        assertThat(after.rolledBackFrom()).contains(Slot.B);
        assertThat(new FileSlotDriver(dir).boot()).isEqualTo(BootOutcome.normal(Slot.A));
    }

    @Test
    void an_image_with_the_wrong_hash_leaves_the_slot_invalid() {
        FileSlotDriver d = start();
        SlotDriver.InstallWriter w = d.install();

        assertThatThrownBy(() -> {
            w.out().write(V2);
            w.complete(new SlotImage("2.0.0", 2, "00".repeat(32)));
        }).hasMessageContaining("expected " + "00".repeat(32));
        w.close();
        assertThat(d.image(Slot.B)).isEmpty();
        assertThatThrownBy(() -> d.tryOnce(Slot.B)).hasMessageContaining("no complete image");
    }

    @Test
    void writing_a_slot_cancels_a_trial_pending_for_it() throws Exception {
        FileSlotDriver d = start();
        install(d, V2, "2.0.0");
        d.tryOnce(Slot.B);

        d.install().close();

        assertThat(new FileSlotDriver(dir).boot()).isEqualTo(BootOutcome.normal(Slot.A));
    }

    @Test
    void the_running_slot_cannot_be_tried() {
        FileSlotDriver d = start();
        assertThatThrownBy(() -> d.tryOnce(Slot.A)).hasMessageContaining("is running");
    }

    /**
     * Power cut after each step of an update (0 = before anything): the next starts always run a slot with a
     * complete image, and within two starts no trial is left pending.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void a_power_cut_at_any_step_leaves_a_bootable_station(int cutAfter) throws Exception {
        byte[] v1 = "firmware 1.0.0".getBytes(StandardCharsets.US_ASCII);
        FileSlotDriver d = start();
        install(d, v1, "1.0.0");
        d.tryOnce(Slot.B);
        FileSlotDriver onB = start();
        onB.commit();
        // now running 1.0.0 on B; update to 2.0.0 into A, cutting power after step `cutAfter`
        FileSlotDriver s = start();
        int step = 0;
        SlotDriver.InstallWriter w = null;
        if (step++ < cutAfter) {
            w = s.install();
        }
        if (step++ < cutAfter) {
            w.out().write(V2, 0, V2.length / 2);
        }
        if (step++ < cutAfter) {
            w.out().write(V2, V2.length / 2, V2.length - V2.length / 2);
            w.complete(new SlotImage("2.0.0", 2, sha256(V2)));
        }
        if (step++ < cutAfter) {
            s.tryOnce(Slot.A);
        }
        FileSlotDriver next = null;
        if (step++ < cutAfter) {
            next = start(); // trial boot
        }
        if (step++ < cutAfter) {
            next.commit();
        }

        FileSlotDriver afterCut = start();
        FileSlotDriver later = start();

        assertThat(afterCut.image(afterCut.running())).as("the slot that runs has a complete image").isPresent();
        assertThat(later.image(later.running())).isPresent();
        assertThat(later.state().trial()).as("no trial left pending").isNull();
        assertThat(later.image(later.running()).orElseThrow().version()).isIn("1.0.0", "2.0.0");
    }

    @Test
    void a_seeded_folder_starts_its_factory_image_by_default_and_is_seeded_once() throws Exception {
        Slot seeded = FileSlotDriver.seed(dir, V2, new SlotImage("2.0.0", 2, sha256(V2)));

        FileSlotDriver d = start();
        assertThat(d.running()).isEqualTo(seeded);
        assertThat(d.image(seeded)).map(SlotImage::version).contains("2.0.0");
        assertThat(d.state().trial()).isNull();
        assertThat(FileSlotDriver.seed(dir, new byte[] {1}, new SlotImage("9.0.0", 9, sha256(new byte[] {1}))))
                .isEqualTo(seeded);
        assertThat(start().image(seeded)).map(SlotImage::version).contains("2.0.0");
    }
}
