package org.openintercom.ota.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.ota.ProgressListener;
import org.openintercom.ota.bench.SyntheticFirmware;
import org.openintercom.ota.internal.Sha256;

class DeltaPatchesTest {

    @TempDir
    static Path dir;

    static Path base;
    static Path target;
    static Path patchFile;
    static DeltaHeader created;
    static byte[] patch;

    @BeforeAll
    static void givenAMinorReleaseOfATwentyFourMegabyteImage() throws IOException {
        SyntheticFirmware v1 = SyntheticFirmware.generate(1, 24 << 20, 16 << 10, 512 << 10);
        SyntheticFirmware v2 = v1.minorRelease(2, 4);
        base = v1.writeTo(dir.resolve("1.3.2.img"));
        target = v2.writeTo(dir.resolve("1.4.0.img"));
        patchFile = dir.resolve("1.3.2-1.4.0.patch");
        created = DeltaPatches.create(base, target, patchFile, ProgressListener.NONE);
        patch = Files.readAllBytes(patchFile);
    }

    @Test
    void a_minor_release_patch_is_a_small_fraction_of_the_image() throws IOException {
        long full = Files.size(target);
        double ratio = (double) patch.length / full;
        System.out.printf("delta for a minor release: image %d bytes, patch %d bytes, ratio %.4f%n", full,
                patch.length, ratio);

        assertThat(ratio).isLessThan(0.05);
        assertThat(created.baseSize()).isEqualTo(Files.size(base));
        assertThat(created.targetSize()).isEqualTo(full);
        assertThat(created.targetSha256()).isEqualTo(sha256(Files.readAllBytes(target)));
        try (InputStream in = Files.newInputStream(patchFile)) {
            assertThat(DeltaPatches.readHeader(in)).isEqualTo(created);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void applying_the_patch_reproduces_the_target_byte_for_byte() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicLong progress = new AtomicLong();

        DeltaHeader applied = DeltaPatches.apply(PayloadFile.image(base), new ByteArrayInputStream(patch), out,
                (done, total) -> progress.set(done));

        assertThat(applied).isEqualTo(created);
        assertThat(Arrays.equals(out.toByteArray(), Files.readAllBytes(target))).isTrue();
        assertThat(progress.get()).isEqualTo(Files.size(target));
    }

    @Test
    void a_patch_for_another_base_is_refused_naming_both_digests() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String otherDigest = sha256(Files.readAllBytes(target));

        assertThatThrownBy(() -> DeltaPatches.apply(target, new ByteArrayInputStream(patch), out))
                .isInstanceOf(DeltaException.class)
                .hasMessageContaining("this patch is for the base payload with SHA-256 " + created.baseSha256())
                .hasMessageContaining("has SHA-256 " + otherDigest);
        assertThat(out.size()).as("nothing written").isZero();
    }

    @Test
    void a_truncated_patch_is_refused() {
        for (int length : new int[] {10, DeltaHeader.LENGTH, DeltaHeader.LENGTH + 100, patch.length / 2,
            patch.length - 1}) {
            byte[] truncated = Arrays.copyOf(patch, length);
            assertThatThrownBy(() -> DeltaPatches.apply(base, new ByteArrayInputStream(truncated),
                    OutputStreamNull.INSTANCE)).as("truncated to %d bytes", length)
                    .isInstanceOf(DeltaException.class).hasMessageContaining("patch");
        }
    }

    @Test
    void a_corrupted_patch_is_refused() {
        for (int at : new int[] {DeltaHeader.LENGTH + 5, DeltaHeader.LENGTH + 1000, patch.length / 3,
            patch.length / 2, patch.length - 8, patch.length - 1}) {
            byte[] damaged = patch.clone();
            damaged[at] ^= 0x20;
            assertThatThrownBy(() -> DeltaPatches.apply(base, new ByteArrayInputStream(damaged),
                    OutputStreamNull.INSTANCE)).as("byte %d flipped", at)
                    .isInstanceOf(DeltaException.class).hasMessageContaining("patch is damaged");
        }
    }

    @Test
    void trailing_bytes_after_the_patch_are_refused() {
        byte[] longer = Arrays.copyOf(patch, patch.length + 16);

        assertThatThrownBy(() -> DeltaPatches.apply(base, new ByteArrayInputStream(longer),
                OutputStreamNull.INSTANCE)).isInstanceOf(DeltaException.class);
    }

    @Test
    void a_file_that_is_not_a_patch_is_refused() {
        assertThatThrownBy(() -> DeltaPatches.apply(base, new ByteArrayInputStream(new byte[200]),
                OutputStreamNull.INSTANCE)).isInstanceOf(DeltaException.class)
                .hasMessageContaining("not an OpenIntercom delta patch");
    }

    @Test
    void a_patch_of_an_unknown_format_version_is_refused() {
        byte[] newer = patch.clone();
        newer[11] = 2;

        assertThatThrownBy(() -> DeltaPatches.apply(base, new ByteArrayInputStream(newer),
                OutputStreamNull.INSTANCE)).isInstanceOf(DeltaException.class)
                .hasMessageContaining("format version 2");
    }

    @Test
    void the_header_round_trips() {
        DeltaHeader h = new DeltaHeader(123, "a".repeat(64), 456, "b".repeat(64), 27);

        assertThat(DeltaHeader.read(new ByteArrayInputStream(h.encode()))).isEqualTo(h);
        assertThat(h.encode()).hasSize(DeltaHeader.LENGTH);
    }

    @Test
    void an_empty_base_and_an_empty_target_still_make_patches() throws IOException {
        Path empty = Files.write(dir.resolve("empty.img"), new byte[0]);
        Path small = Files.write(dir.resolve("small.img"), "hello firmware".getBytes());

        for (Path[] pair : new Path[][] {{empty, small}, {small, empty}, {empty, empty}}) {
            Path p = dir.resolve("edge.patch");
            DeltaPatches.create(pair[0], pair[1], p, ProgressListener.NONE);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(p)) {
                DeltaPatches.apply(pair[0], in, out);
            }
            assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(pair[1]));
        }
    }

    static String sha256(byte[] bytes) {
        return Sha256.hex(bytes, 0, bytes.length);
    }

    /** Discards what is written. */
    static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
