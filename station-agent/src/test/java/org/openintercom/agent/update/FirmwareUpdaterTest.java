package org.openintercom.agent.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.ota.Bundle;
import org.openintercom.provisioning.channel.ChannelJson;
import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.channel.MaintenanceWindow;
import org.openintercom.provisioning.channel.UpdateProgress;
import org.openintercom.provisioning.channel.UpdateProgress.State;

/** The updater against a real HTTPS device API serving real signed bundles, with file-based A/B slots. */
class FirmwareUpdaterTest {

    private static final int SIZE = 10 * UpdateFixture.CHUNK + 100; // 11 chunks, the last one short
    private static final byte[] V100 = UpdateFixture.image("firmware 1.0.0", SIZE, 100);
    private static final byte[] V110 = UpdateFixture.image("firmware 1.1.0", SIZE, 110);

    @TempDir
    static Path sharedDir;
    static UpdateFixture.Shared shared;

    @TempDir
    Path dir;
    UpdateFixture fx;

    @BeforeAll
    static void givenDeviceApiAndReleaseCa() throws IOException {
        shared = UpdateFixture.Shared.in(sharedDir);
    }

    @AfterAll
    static void stopDeviceApi() {
        shared.close();
    }

    @BeforeEach
    void givenStationOnFactoryImage() {
        fx = new UpdateFixture(dir, shared).givenFactoryImage("1.0.0", 3, V100);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private String givenRelease110() {
        return fx.givenBundle("v110", UpdateFixture.spec("1.1.0", 3), V110);
    }

    private long payloadOffset(String name) {
        return Bundle.open(dir.resolve(name + ".oib")).payloadOffset();
    }

    private long[] chunkRange(String name, int chunk) {
        long from = payloadOffset(name) + (long) chunk * UpdateFixture.CHUNK;
        return new long[] {from, Math.min(from + UpdateFixture.CHUNK, payloadOffset(name) + SIZE) - 1};
    }

    /** Reboot: the old objects are dropped, the station starts again from its folders. */
    private FirmwareUpdater reboot() {
        fx.kill();
        return fx.start();
    }

    @Test
    void downloads_installs_reboots_checks_health_and_commits() {
        String path = givenRelease110();
        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path)));
        fx.await(State.REBOOTING);
        fx.awaitReboots(1); // reported first, then the reboot
        assertThat(fx.reboots.get()).isEqualTo(1);

        FirmwareUpdater after = reboot();
        UpdateProgress done = fx.await(State.COMMITTED);

        assertThat(fx.states()).containsSubsequence(State.DOWNLOADING, State.VERIFYING, State.INSTALLING,
                State.REBOOTING, State.HEALTH_CHECK, State.COMMITTED);
        assertThat(done.runningVersion()).isEqualTo("1.1.0");
        assertThat(after.runningVersion()).isEqualTo("1.1.0");
        assertThat(fx.slots.image(fx.slots.running()).orElseThrow().sha256()).isEqualTo(UpdateFixture.sha256(V110));
        assertThat(fx.server.clientSubjects()).allMatch(s -> s.contains("OpenIntercom devices"));
        assertThat(fx.reports.stream().filter(p -> p.state() == State.DOWNLOADING).map(UpdateProgress::percent))
                .contains(100).isSorted();
        // committed for good: the next start runs the new slot without a trial
        reboot();
        assertThat(fx.slots.image(fx.slots.running()).orElseThrow().version()).isEqualTo("1.1.0");
        assertThat(Files.exists(fx.downloads.resolve(UpdateRecord.FILE))).isTrue();
    }

    @Test
    void a_chunk_damaged_in_transit_is_fetched_again_alone() {
        String path = givenRelease110();
        long[] bad = chunkRange("v110", 4);
        fx.server.damageOnce(path, bad[0], bad[1]);

        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path)));
        fx.await(State.REBOOTING);

        assertThat(fx.server.requests(path, bad[0], bad[1])).isEqualTo(2);
        for (int i = 0; i < 11; i++) {
            long[] r = chunkRange("v110", i);
            assertThat(fx.server.requests(path, r[0], r[1])).as("requests of chunk %d", i).isEqualTo(i == 4 ? 2 : 1);
        }
    }

    @Test
    void a_response_cut_short_is_fetched_again() {
        String path = givenRelease110();
        long[] cut = chunkRange("v110", 7);
        fx.server.truncateOnce(path, cut[0], cut[1]);

        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path)));
        fx.await(State.REBOOTING);

        assertThat(fx.server.requests(path, cut[0], cut[1])).isEqualTo(2);
    }

    @Test
    void a_download_cut_by_a_power_loss_resumes_without_fetching_good_chunks_again() {
        String path = givenRelease110();
        FirmwareUpdater first = fx.start();
        List<UpdateProgress> seen = fx.reports;
        first.onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path)));
        long end = System.nanoTime() + 10_000_000_000L;
        while (seen.stream().noneMatch(p -> p.state() == State.DOWNLOADING && p.percent() >= 30)) {
            assertThat(System.nanoTime()).isLessThan(end);
            Thread.onSpinWait();
        }
        fx.kill(); // the power goes when the download has reported 30 %: the worker stops on the spot
        int fetchedBefore = fx.server.requestsFrom(path, payloadOffset("v110"));
        assertThat(fetchedBefore).isBetween(3, 11);

        FirmwareUpdater second = fx.start();
        second.onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path))); // the retained message again
        fx.await(State.REBOOTING);

        for (int i = 0; i < 11; i++) {
            long[] r = chunkRange("v110", i);
            assertThat(fx.server.requests(path, r[0], r[1])).as("requests of chunk %d", i).isLessThanOrEqualTo(2);
        }
        // at most the chunk in flight at the cut is fetched twice
        assertThat(fx.server.requestsFrom(path, payloadOffset("v110"))).isLessThanOrEqualTo(12);
    }

    @Test
    void a_bundle_with_a_broken_signature_is_refused_before_the_payload_is_fetched() throws IOException {
        String path = fx.givenBundle("v110", UpdateFixture.spec("1.1.0", 3).withReleaseNotes("aaaa"), V110);
        Path file = dir.resolve("v110.oib");
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("aaaa");
        bytes[at] = 'b';
        Files.write(file, bytes);

        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path)));
        UpdateProgress p = fx.await(State.REFUSED);

        assertThat(p.reason()).contains("BAD_SIGNATURE");
        assertThat(fx.server.requestsFrom(path, payloadOffset("v110"))).isZero();
    }

    @Test
    void an_assignment_of_the_image_already_running_counts_as_committed_at_once() {
        String path = fx.givenBundle("same", UpdateFixture.spec("1.0.0", 3), V100);

        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r2", "1.0.0", path)));

        assertThat(fx.await(State.COMMITTED).message().orElseThrow()).contains("already running 1.0.0");
        assertThat(fx.reboots.get()).isZero();
        assertThat(fx.server.requestsFrom(path, payloadOffset("same"))).isZero();
    }

    @Test
    void a_bundle_for_another_model_is_refused() {
        String path = fx.givenBundle("im6", org.openintercom.ota.BundleSpec.of(
                org.openintercom.ota.FirmwareVersion.parse("1.1.0"), List.of("IM6"), 3)
                .withChunkSize(UpdateFixture.CHUNK), V110);

        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path)));

        assertThat(fx.await(State.REFUSED).reason()).contains("WRONG_MODEL");
    }

    @Test
    void a_downgrade_below_the_security_version_is_refused() {
        String path = fx.givenBundle("old", UpdateFixture.spec("1.2.0", 2), V110);

        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.2.0", path)));
        UpdateProgress p = fx.await(State.REFUSED);

        assertThat(p.reason()).contains("DOWNGRADE_BELOW_SECURITY_VERSION");
        assertThat(p.message().orElseThrow()).contains("security version 2");
    }

    @Test
    void a_missing_bundle_fails_with_http_404_without_retrying() {
        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", "/device/v1/firmware/nope.oib")));

        UpdateProgress p = fx.await(State.FAILED);

        assertThat(p.reason()).contains("HTTP_404");
        assertThat(fx.server.requests("/device/v1/firmware/nope.oib")).isEqualTo(1);
    }

    @Test
    void a_busy_server_is_asked_again_after_its_retry_after() {
        String path = givenRelease110();
        fx.server.status(path, 429, 2);

        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path)));

        fx.await(State.REBOOTING);
        assertThat(fx.server.requests(path, -1, -1)).isEqualTo(2);
    }

    @Test
    void a_server_error_is_retried_up_to_the_cap_then_the_update_fails() {
        String path = givenRelease110();
        fx.server.status(path, 503, 100);

        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path)));

        assertThat(fx.await(State.FAILED).reason()).contains("RETRIES_EXHAUSTED");
        assertThat(fx.server.requests(path, -1, -1)).isEqualTo(3); // max-attempts in the fixture
    }

    @Test
    void a_full_disk_fails_with_disk_full_before_the_payload_is_fetched() {
        // the free-space probe is injected: the disk "has" 64 KiB, the download needs 44 KiB + the 1 MiB margin
        String path = givenRelease110();
        fx.freeBytes = 64 << 10;

        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path)));

        assertThat(fx.await(State.FAILED).reason()).contains("DISK_FULL");
        assertThat(fx.server.requestsFrom(path, payloadOffset("v110"))).isZero();
    }

    @Test
    void never_installs_during_a_call() {
        String path = givenRelease110();
        fx.inCall.set(true);

        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path)));
        UpdateProgress waiting = fx.await(State.WAITING_TO_INSTALL);
        UpdateFixture.sleep(100);

        assertThat(waiting.message().orElseThrow()).contains("call");
        assertThat(fx.reports.get(fx.reports.size() - 1).state()).isEqualTo(State.WAITING_TO_INSTALL);
        assertThat(fx.slots.image(fx.slots.running().other())).isEmpty();

        fx.inCall.set(false);
        fx.await(State.REBOOTING);
    }

    @Test
    void waits_for_the_maintenance_window() {
        String path = givenRelease110();
        Instant morning = Instant.parse("2026-06-02T10:00:00Z");
        fx.clock.set(morning);
        MaintenanceWindow night = new MaintenanceWindow(ZoneOffset.UTC, LocalTime.of(2, 0), LocalTime.of(4, 0),
                Set.of(DayOfWeek.values()));

        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path, Optional.empty(),
                Optional.of(night))));
        UpdateProgress waiting = fx.await(State.WAITING_TO_INSTALL);
        UpdateFixture.sleep(100);
        assertThat(waiting.message().orElseThrow()).contains("2026-06-03T02:00:00Z");
        assertThat(fx.reports.get(fx.reports.size() - 1).state()).isEqualTo(State.WAITING_TO_INSTALL);

        fx.clock.set(Instant.parse("2026-06-03T02:30:00Z"));
        fx.await(State.REBOOTING);
    }

    @Test
    void a_failed_health_check_rolls_back_and_says_which_check_failed() {
        byte[] bad = UpdateFixture.image("firmware 1.1.0 " + EmulatedSelfTest.MARKER, SIZE, 7);
        String path = fx.givenBundle("bad", UpdateFixture.spec("1.1.0", 3), bad);
        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path)));
        fx.awaitReboots(1);

        reboot(); // the trial: the self-test fails, the station restarts without a commit
        fx.awaitReboots(2);
        reboot(); // the boot loader falls back
        UpdateProgress p = fx.await(State.ROLLED_BACK);

        assertThat(p.reason()).contains(FirmwareUpdater.HEALTH_CHECK_FAILED);
        assertThat(p.message().orElseThrow()).contains("self-test");
        assertThat(p.runningVersion()).isEqualTo("1.0.0");
        assertThat(fx.slots.image(fx.slots.running()).orElseThrow().version()).isEqualTo("1.0.0");
    }

    @Test
    void a_trial_that_never_gets_the_cloud_rolls_back_at_the_deadline() {
        String path = givenRelease110();
        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path)));
        fx.awaitReboots(1);
        fx.cloudUp.set(false);
        fx.healthDeadline = java.time.Duration.ofMillis(200);
        fx.clock.set(fx.clock.instant()); // the deadline uses the injected clock: move it past the deadline
        reboot();
        fx.await(State.HEALTH_CHECK);
        fx.clock.set(fx.clock.instant().plusSeconds(1));
        fx.awaitReboots(2);
        reboot();

        UpdateProgress p = fx.await(State.ROLLED_BACK);
        assertThat(p.message().orElseThrow()).contains("cloud-connected");
    }

    @Test
    void a_withdrawn_assignment_stops_the_wait_and_forgets_the_download() {
        String path = givenRelease110();
        fx.inCall.set(true);
        FirmwareUpdater u = fx.start();
        u.onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path)));
        fx.await(State.WAITING_TO_INSTALL);

        u.onFirmwareMessage(new byte[0]);
        fx.settle();
        fx.inCall.set(false);
        UpdateFixture.sleep(100);

        assertThat(fx.reports.get(fx.reports.size() - 1).state()).isEqualTo(State.WAITING_TO_INSTALL);
        assertThat(fx.reboots.get()).isZero();
        assertThat(fx.slots.image(fx.slots.running().other())).isEmpty();
        try (var files = Files.list(fx.downloads)) {
            assertThat(files.toList()).isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void the_same_assignment_again_after_it_ended_does_nothing() {
        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", "/device/v1/firmware/x.oib")));
        fx.await(State.FAILED);
        int reports = fx.reports.size();

        FirmwareUpdater again = reboot();
        again.onFirmwareMessage(ChannelJson.encode(UpdateFixture.assignment("r1", "1.1.0",
                "/device/v1/firmware/x.oib")));
        fx.settle();

        assertThat(fx.reports).hasSize(reports);
        assertThat(fx.server.requests("/device/v1/firmware/x.oib")).isEqualTo(1);
    }

    @Test
    void a_delta_is_applied_to_the_running_image_and_only_chunks_it_got_wrong_come_from_the_bundle()
            throws IOException {
        String path = givenRelease110();
        // the patch: the new image, except chunk 6, which the "patch" gets wrong
        byte[] patchBody = V110.clone();
        patchBody[6 * UpdateFixture.CHUNK + 10] ^= 1;
        Path patch = dir.resolve("110-from-100.patch");
        Files.write(patch, patchBody);
        fx.server.serve("/device/v1/firmware/delta/p1.patch", patch);
        fx.patches = new CopyPatch();
        FirmwareAssignment.DeltaOffer offer = new FirmwareAssignment.DeltaOffer("1.0.0",
                UpdateFixture.sha256(V100), "/device/v1/firmware/delta/p1.patch", patchBody.length);

        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path, Optional.of(offer),
                Optional.empty())));
        fx.await(State.REBOOTING);

        long[] six = chunkRange("v110", 6);
        assertThat(fx.server.requests("/device/v1/firmware/delta/p1.patch")).isEqualTo(1);
        assertThat(fx.server.requestsFrom(path, payloadOffset("v110"))).isEqualTo(1);
        assertThat(fx.server.requests(path, six[0], six[1])).isEqualTo(1);
        reboot();
        fx.await(State.COMMITTED);
    }

    @Test
    void a_delta_that_does_not_apply_falls_back_to_the_full_bundle() throws IOException {
        String path = givenRelease110();
        Path patch = dir.resolve("broken.patch");
        Files.write(patch, new byte[100]);
        fx.server.serve("/device/v1/firmware/delta/p2.patch", patch);
        fx.patches = (base, in, out) -> {
            throw new IOException("not a patch");
        };
        FirmwareAssignment.DeltaOffer offer = new FirmwareAssignment.DeltaOffer("1.0.0",
                UpdateFixture.sha256(V100), "/device/v1/firmware/delta/p2.patch", 100);

        fx.start().onAssignment(Optional.of(UpdateFixture.assignment("r1", "1.1.0", path, Optional.of(offer),
                Optional.empty())));
        fx.await(State.REBOOTING);

        assertThat(fx.server.requestsFrom(path, payloadOffset("v110"))).isEqualTo(11);
    }

    /**
     * A trivial but real patch format for tests: the patch is the target image itself (checks that the base is the
     * running image by reading it fully). The production applier is zstd "patch-from".
     */
    static final class CopyPatch implements PatchApplier {
        @Override
        public void apply(Path basePayload, InputStream patch, OutputStream target) throws IOException {
            if (Files.size(basePayload) != SIZE) {
                throw new IOException("unexpected base " + basePayload);
            }
            patch.transferTo(target);
        }
    }
}
