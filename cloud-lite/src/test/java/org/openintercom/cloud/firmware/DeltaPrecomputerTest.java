package org.openintercom.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.cloud.store.TestDatabase;
import org.openintercom.ota.Bundle;

class DeltaPrecomputerTest {

    @TempDir
    Path dir;
    private FirmwareFixture fw;
    private final List<String> made = new CopyOnWriteArrayList<>();

    @BeforeEach
    void givenRepository() {
        fw = new FirmwareFixture(dir, TestDatabase.Kind.H2, 16 << 20);
    }

    @AfterEach
    void close() {
        fw.close();
    }

    /** A trivial real patch: the target payload itself, recording which base sizes it was given. */
    private void copyPatch(Path base, Path target, Path out) throws IOException {
        made.add(Files.size(base) + "->" + Files.size(target));
        Files.copy(target, out, StandardCopyOption.REPLACE_EXISTING);
    }

    private FirmwareRelease upload(String version, long size) throws IOException {
        Path bundle = fw.givenSignedBundle(version, size);
        try (var in = Files.newInputStream(bundle)) {
            return fw.repository.upload(in, "operator").release();
        }
    }

    @Test
    void makes_patches_from_the_newest_earlier_versions_and_offers_only_ready_ones() throws Exception {
        try (DeltaPrecomputer deltas = new DeltaPrecomputer(fw.store, fw.storage, this::copyPatch,
                dir.resolve("work"), 2)) {
            FirmwareRelease v1 = upload("1.0.0", 10_000);
            FirmwareRelease v2 = upload("1.1.0", 20_000);
            FirmwareRelease v3 = upload("1.2.0", 30_000);
            fw.repository.deltas(deltas);
            assertThat(fw.repository.delta("1.1.0", v3.bundleId())).isEmpty();

            FirmwareRelease v4 = upload("2.0.0", 40_000);
            deltas.precompute(v4).get(30, TimeUnit.SECONDS);

            assertThat(deltas.basesFor(v4)).containsExactly(v3, v2);
            FirmwareDelta delta = fw.repository.delta("1.2.0", v4.bundleId()).orElseThrow();
            assertThat(delta.baseBundleId()).isEqualTo(v3.bundleId());
            assertThat(delta.basePayloadSha256()).isEqualTo(v3.payloadSha256());
            assertThat(delta.patchSize()).isEqualTo(40_000);
            assertThat(delta.patchPath()).isEqualTo("/device/v1/firmware/" + v4.bundleId() + ".oib/delta/"
                    + v3.bundleId());
            assertThat(fw.repository.delta("1.1.0", v4.bundleId())).isPresent();
            assertThat(fw.repository.delta("1.0.0", v4.bundleId())).as("only the 2 newest bases").isEmpty();
            assertThat(made).contains("30000->40000", "20000->40000");
            assertThat(v1.bundleId()).isNotEqualTo(v4.bundleId());
        }
    }

    @Test
    void a_failing_patch_maker_leaves_the_patch_failed_and_unoffered() throws Exception {
        try (DeltaPrecomputer deltas = new DeltaPrecomputer(fw.store, fw.storage, (base, target, out) -> {
            throw new IOException("disk full");
        }, dir.resolve("work"), 3)) {
            FirmwareRelease v1 = upload("1.0.0", 10_000);
            FirmwareRelease v2 = upload("1.1.0", 20_000);

            deltas.precompute(v2).get(30, TimeUnit.SECONDS);

            assertThat(fw.store.delta(v1.bundleId(), v2.bundleId()).orElseThrow().state())
                    .isEqualTo(FirmwareStore.DeltaState.FAILED);
            assertThat(fw.store.delta(v1.bundleId(), v2.bundleId()).orElseThrow().detail()).contains("disk full");
            assertThat(fw.repository.delta("1.0.0", v2.bundleId())).isEmpty();
        }
    }

    @Test
    void the_patch_maker_gets_payloads_not_bundles() throws Exception {
        Path[] seen = new Path[1];
        byte[][] payloads = new byte[1][];
        try (DeltaPrecomputer deltas = new DeltaPrecomputer(fw.store, fw.storage, (base, target, out) -> {
            seen[0] = target;
            payloads[0] = Files.readAllBytes(target);
            Files.write(out, new byte[] {1});
        }, dir.resolve("work"), 3)) {
            upload("1.0.0", 10_000);
            Path bundle = fw.givenSignedBundle("1.1.0", 20_000);
            FirmwareRelease v2;
            try (var in = Files.newInputStream(bundle)) {
                v2 = fw.repository.upload(in, "operator").release();
            }
            deltas.precompute(v2).get(30, TimeUnit.SECONDS);

            Bundle b = Bundle.open(bundle);
            byte[] all = Files.readAllBytes(bundle);
            assertThat(payloads[0]).isEqualTo(java.util.Arrays.copyOfRange(all, (int) b.payloadOffset(), all.length));
            assertThat(seen[0]).doesNotExist();
        }
    }
}
