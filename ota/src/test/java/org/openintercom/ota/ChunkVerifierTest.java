package org.openintercom.ota;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkVerifierTest {

    @TempDir
    Path dir;

    byte[] payload;
    ChunkVerifier verifier;

    @BeforeEach
    void givenABundleOfThreeAndAHalfChunks() throws Exception {
        Releases releases = Releases.givenReleaseCa(dir);
        Path file = releases.givenPayload("fw.img", 3L * Releases.CHUNK + Releases.CHUNK / 2);
        payload = Files.readAllBytes(file);
        verifier = new ChunkVerifier(BundleBuilder.build(file, Releases.spec("1.0.0"), dir.resolve("fw.oib"),
                Releases.CLOCK));
    }

    private byte[] chunk(int index) {
        int from = index * Releases.CHUNK;
        return Arrays.copyOfRange(payload, from, Math.min(payload.length, from + Releases.CHUNK));
    }

    @Test
    void every_chunk_of_the_payload_checks_out() {
        for (int i = 0; i < 4; i++) {
            assertThat(verifier.check(i, chunk(i)).ok()).as("chunk %d", i).isTrue();
        }
    }

    @Test
    void a_chunk_with_one_changed_byte_has_the_wrong_digest() {
        byte[] damaged = chunk(2);
        damaged[100] ^= 1;

        ChunkCheck check = verifier.check(2, damaged);

        assertThat(check.status()).isEqualTo(ChunkCheck.Status.WRONG_DIGEST);
        assertThat(check.message()).startsWith("chunk 2 (bytes 131072..196607 of the payload)");
    }

    @Test
    void a_chunk_in_the_wrong_place_has_the_wrong_digest() {
        assertThat(verifier.check(1, chunk(0)).status()).isEqualTo(ChunkCheck.Status.WRONG_DIGEST);
    }

    @Test
    void a_short_chunk_has_the_wrong_length() {
        assertThat(verifier.check(3, Arrays.copyOf(chunk(3), 10)).status()).isEqualTo(ChunkCheck.Status.WRONG_LENGTH);
    }

    @Test
    void an_index_past_the_end_is_no_such_chunk() {
        assertThat(verifier.check(4, new byte[1]).status()).isEqualTo(ChunkCheck.Status.NO_SUCH_CHUNK);
        assertThat(verifier.check(-1, new byte[1]).status()).isEqualTo(ChunkCheck.Status.NO_SUCH_CHUNK);
    }
}
