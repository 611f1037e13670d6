package org.openintercom.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The TXT record of a mesh announcement: round trip, unknown keys, wrong types, and hostile records. */
class MeshAnnouncementTest {

    private static final String FP = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final MeshAnnouncement HALL = MeshAnnouncement.of("7K3M9Q2XHB", "Hall", "IM6", FP, 5061);

    @Test
    void round_trips_through_the_txt_record() {
        assertThat(MeshAnnouncement.decode(HALL.toTxtBytes()).announcement()).contains(HALL);
    }

    @Test
    void round_trips_a_display_name_in_utf8_up_to_the_limit() {
        String name = "Küche 12 — " + "é".repeat(24) + "!";
        assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(MeshAnnouncement.MAX_NAME_BYTES);
        MeshAnnouncement kitchen = MeshAnnouncement.of("7K3M9Q2XHB", name, "IM6", FP, 5061);
        assertThat(MeshAnnouncement.decode(kitchen.toTxtBytes()).announcement()).contains(kitchen);
    }

    @Test
    void skips_unknown_keys_and_takes_the_first_of_a_repeated_key() {
        Map<String, String> txt = new LinkedHashMap<>(HALL.toTxt());
        txt.put("future", "whatever");
        byte[] bytes = concat(txt(txt), entry("NAME=Second"));
        assertThat(MeshAnnouncement.decode(bytes).announcement()).contains(HALL);
    }

    @Test
    void reads_keys_without_regard_to_case() {
        Map<String, String> txt = new LinkedHashMap<>();
        HALL.toTxt().forEach((k, v) -> txt.put(k.toUpperCase(), v));
        assertThat(MeshAnnouncement.decode(txt(txt)).announcement()).contains(HALL);
    }

    @ParameterizedTest(name = "{0}={1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "sip   | 50x61     | SIP TLS port '50x61' is not 1-65535",
        "sip   | 0         | SIP TLS port '0' is not 1-65535",
        "sip   | 70000     | SIP TLS port '70000' is not 1-65535",
        "sip   | 123456    | value of 'sip' is 6 bytes (limit 5)",
        "v     | one       | version 'one' is not a number",
        "v     | 2         | unknown mesh protocol version 2",
        "id    | 7K3M9Q2XHU| device id '7K3M9Q2XHU' is not a canonical device id",
        "id    | 7k3m9q2xhb| device id '7k3m9q2xhb' is not a canonical device id",
        "id    | 7K3M9Q2   | device id '7K3M9Q2' is not a canonical device id",
        "model | I M6      | model 'I M6' is not a model token",
        "fp    | abc       | fingerprint 'abc' is not 64 hex digits",
        "name  | ''        | display name is empty",
    })
    void rejects_a_wrong_value_naming_what_is_wrong(String key, String value, String reason) {
        Map<String, String> txt = new LinkedHashMap<>(HALL.toTxt());
        txt.put(key, value);
        AnnouncementDecoding decoding = MeshAnnouncement.decode(txt(txt));
        assertThat(decoding.announcement()).isEmpty();
        assertThat(decoding.rejection()).contains(reason);
    }

    @ParameterizedTest
    @CsvSource({"v", "id", "name", "model", "fp", "sip"})
    void rejects_a_record_missing_a_key(String key) {
        Map<String, String> txt = new LinkedHashMap<>(HALL.toTxt());
        txt.remove(key);
        assertThat(MeshAnnouncement.decode(txt(txt)).rejection()).contains("missing key '" + key + "'");
    }

    @Test
    void rejects_a_key_without_a_value() {
        Map<String, String> txt = new LinkedHashMap<>(HALL.toTxt());
        txt.remove("fp");
        assertThat(MeshAnnouncement.decode(concat(entry("fp"), txt(txt))).rejection())
                .contains("key 'fp' has no value");
    }

    @Test
    void rejects_a_name_over_63_bytes_before_decoding_it() {
        Map<String, String> txt = new LinkedHashMap<>(HALL.toTxt());
        txt.put("name", "ü".repeat(32)); // 64 bytes
        assertThat(MeshAnnouncement.decode(txt(txt)).rejection()).contains("value of 'name' is 64 bytes (limit 63)");
    }

    @Test
    void rejects_a_name_that_is_not_utf8() {
        Map<String, String> txt = new LinkedHashMap<>(HALL.toTxt());
        txt.remove("name");
        byte[] bad = concat(txt(txt), entry(new byte[] {'n', 'a', 'm', 'e', '=', 'H', (byte) 0xC3, (byte) 0x28}));
        assertThat(MeshAnnouncement.decode(bad).rejection()).contains("value of 'name' is not valid UTF-8");
    }

    @Test
    void rejects_a_name_with_control_characters() {
        Map<String, String> txt = new LinkedHashMap<>(HALL.toTxt());
        txt.put("name", "Hall\u001b[2J");
        assertThat(MeshAnnouncement.decode(txt(txt)).rejection())
                .contains("display name holds control or format characters");
    }

    @Test
    void rejects_a_record_larger_than_one_packet() {
        byte[] huge = new byte[AnnouncementCodec.MAX_TXT_BYTES + 1];
        assertThat(MeshAnnouncement.decode(huge).rejection()).contains("TXT record of 1301 bytes (limit 1300)");
    }

    @Test
    void rejects_an_entry_running_past_the_end() {
        // decode_truncated_entry: length byte says 200, 3 bytes follow
        byte[] bytes = {(byte) 200, 'v', '=', '1'};
        assertThat(MeshAnnouncement.decode(bytes).rejection())
                .contains("TXT entry at byte 0 runs past the end of the record");
    }

    @Test
    void rejects_empty_and_missing_records() {
        assertThat(MeshAnnouncement.decode(new byte[0]).rejection()).contains("empty TXT record");
        assertThat(MeshAnnouncement.decode(null).rejection()).contains("empty TXT record");
        // what JmDNS gives for a service without TXT: one zero-length string
        assertThat(MeshAnnouncement.decode(new byte[] {0}).rejection()).contains("missing key 'v'");
    }

    @Test
    void never_throws_on_random_bytes() {
        Random random = new Random(6);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(400)];
            random.nextBytes(bytes);
            if (i % 2 == 0 && bytes.length > 0) {
                // mostly well-framed entries of known keys with random values
                bytes = concat(txt(HALL.toTxt()), bytes);
            }
            AnnouncementDecoding decoding = MeshAnnouncement.decode(bytes);
            assertThat(decoding.isAccepted() || decoding.rejection().isPresent()).isTrue();
        }
    }

    @Test
    void refuses_to_build_an_invalid_announcement() {
        assertThatThrownBy(() -> MeshAnnouncement.of("nope", "Hall", "IM6", FP, 5061))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("device id 'nope'");
        assertThatThrownBy(() -> new MeshAnnouncement("7K3M9Q2XHB", "Hall", "IM6", FP, 2, 5061))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2");
    }

    private static byte[] txt(Map<String, String> pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pairs.forEach((k, v) -> out.writeBytes(entry(k + "=" + v)));
        return out.toByteArray();
    }

    private static byte[] entry(String text) {
        return entry(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] entry(byte[] content) {
        byte[] b = new byte[content.length + 1];
        b[0] = (byte) content.length;
        System.arraycopy(content, 0, b, 1, content.length);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
