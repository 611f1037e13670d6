package org.openintercom.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {

    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);

    static Manifest manifest() {
        return new Manifest(1, FirmwareVersion.parse("2.1.0-rc.1"), List.of("ID5", "IM6"), List.of("A", "B"), true,
                7, 5000, 4096, List.of(A, B), B,
                Optional.of(new DeltaBase(FirmwareVersion.parse("2.0.3"), A)), Instant.parse("2026-06-01T10:00:00Z"),
                "Fixes CVE-2026-0001");
    }

    @Test
    void a_manifest_survives_a_round_trip() {
        Manifest m = manifest();

        assertThat(ManifestJson.decode(ManifestJson.encode(m))).isEqualTo(m);
    }

    @Test
    void the_canonical_bytes_have_a_fixed_field_order_and_no_whitespace() {
        String json = new String(ManifestJson.encode(manifest()), StandardCharsets.UTF_8);

        assertThat(json).startsWith("{\"formatVersion\":1,\"version\":\"2.1.0-rc.1\",\"models\":[\"ID5\",\"IM6\"],")
                .contains("\"deltaBase\":{\"version\":\"2.0.3\",\"payloadSha256\":\"" + A + "\"}")
                .endsWith("\"createdAt\":\"2026-06-01T10:00:00Z\",\"releaseNotes\":\"Fixes CVE-2026-0001\"}")
                .doesNotContain(" \"", "\n");
    }

    @Test
    void a_full_image_has_no_delta_base_field() {
        Manifest m = manifest();
        Manifest full = new Manifest(1, m.version(), m.models(), m.hardwareRevisions(), false, 7, 5000, 4096,
                m.chunkSha256(), m.payloadSha256(), Optional.empty(), m.createdAt(), "");

        assertThat(new String(ManifestJson.encode(full), StandardCharsets.UTF_8)).doesNotContain("deltaBase");
        assertThat(ManifestJson.decode(ManifestJson.encode(full)).isDelta()).isFalse();
    }

    @Test
    void unknown_fields_are_ignored() {
        String json = new String(ManifestJson.encode(manifest()), StandardCharsets.UTF_8)
                .replace("{\"formatVersion\":1,", "{\"formatVersion\":1,\"rolloutHint\":{\"waves\":3},");

        assertThat(ManifestJson.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(manifest());
    }

    @Test
    void a_field_of_the_wrong_type_is_refused_naming_the_field() {
        String json = new String(ManifestJson.encode(manifest()), StandardCharsets.UTF_8)
                .replace("\"securityVersion\":7", "\"securityVersion\":\"seven\"");

        assertThatThrownBy(() -> ManifestJson.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManifestFormatException.class).hasMessageContaining("'securityVersion'");
    }

    @Test
    void a_bad_chunk_digest_is_refused_naming_its_index() {
        String json = new String(ManifestJson.encode(manifest()), StandardCharsets.UTF_8)
                .replace("[\"" + A + "\",\"" + B + "\"]", "[\"" + A + "\",\"XYZ\"]");

        assertThatThrownBy(() -> ManifestJson.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManifestFormatException.class).hasMessageContaining("chunkSha256[1]");
    }

    @Test
    void a_chunk_list_that_does_not_fit_the_payload_size_is_refused() {
        assertThatThrownBy(() -> new Manifest(1, FirmwareVersion.parse("1.0.0"), List.of("ID5"), List.of(), false, 0,
                5000, 4096, List.of(A), A, Optional.empty(), Instant.EPOCH, ""))
                .hasMessageContaining("chunkSha256 has 1 digests but a payload of 5000 bytes in chunks of 4096 has 2");
    }

    @Test
    void a_manifest_without_models_is_refused() {
        assertThatThrownBy(() -> new Manifest(1, FirmwareVersion.parse("1.0.0"), List.of(), List.of(), false, 0,
                0, 4096, Collections.emptyList(), A, Optional.empty(), Instant.EPOCH, ""))
                .hasMessageContaining("models");
    }

    @Test
    void text_that_is_not_json_is_refused() {
        assertThatThrownBy(() -> ManifestJson.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManifestFormatException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void the_format_version_is_read_without_binding_the_rest() {
        assertThat(ManifestJson.formatVersion("{\"formatVersion\":9,\"x\":[1]}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(9);
    }
}
