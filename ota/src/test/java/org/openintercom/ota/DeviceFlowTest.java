package org.openintercom.ota;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The way a device uses the library: header and manifest first, then chunk by chunk, re-fetching bad ones. */
class DeviceFlowTest {

    @TempDir
    Path dir;

    @Test
    void a_device_checks_the_manifest_first_and_refetches_only_the_damaged_chunk() throws Exception {
        Releases releases = Releases.givenReleaseCa(dir);
        Path served = releases.givenSignedBundle("fw", 8L * Releases.CHUNK + 5,
                releases.givenSigner(SigningAlgorithm.ECDSA_P256_SHA256));
        Bundle header = Bundle.open(served);
        Verification v = BundleVerifier.verifyManifest(header, releases.root(), Releases.NOW);
        assertThat(v.isValid()).isTrue();
        Manifest manifest = ((Verification.Valid) v).manifest();
        assertThat(Compatibility.check(manifest, "IM6", "A", FirmwareVersion.parse("1.1.9"), 3).ok()).isTrue();
        ChunkVerifier chunks = new ChunkVerifier(manifest);
        List<Integer> refetched = new ArrayList<>();

        for (int i = 0; i < manifest.chunkCount(); i++) {
            byte[] bytes = rangeGet(served, header.payloadOffset() + manifest.chunkOffset(i), manifest.chunkLength(i));
            if (i == 6) {
                bytes[0] ^= (byte) 0xff; // damaged in transit
            }
            if (!chunks.check(i, bytes).ok()) {
                refetched.add(i);
                bytes = rangeGet(served, header.payloadOffset() + manifest.chunkOffset(i), manifest.chunkLength(i));
                assertThat(chunks.check(i, bytes).ok()).isTrue();
            }
        }

        assertThat(refetched).containsExactly(6);
        assertThat(manifest.chunkLength(manifest.chunkCount() - 1)).isEqualTo(5);
    }

    private static byte[] rangeGet(Path file, long offset, int length) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] b = new byte[length];
            f.seek(offset);
            f.readFully(b);
            return b;
        }
    }
}
