package org.openintercom.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BencodeTest {

    private static String encoded(Object value) {
        return new String(Bencode.encode(value), StandardCharsets.UTF_8);
    }

    private static Object decoded(String text) {
        return Bencode.decode(text.getBytes(StandardCharsets.UTF_8), 0);
    }

    @Test
    void encodes_the_four_types() {
        assertThat(encoded("spam")).isEqualTo("4:spam");
        assertThat(encoded("")).isEqualTo("0:");
        assertThat(encoded(42L)).isEqualTo("i42e");
        assertThat(encoded(-3)).isEqualTo("i-3e");
        assertThat(encoded(List.of("a", 1L))).isEqualTo("l1:ai1ee");
    }

    @Test
    void encodes_dictionary_keys_sorted() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sdp", "v=0");
        request.put("command", "offer");
        request.put("call-id", "c1");
        assertThat(encoded(request)).isEqualTo("d7:call-id2:c17:command5:offer3:sdp3:v=0e");
    }

    @Test
    void string_lengths_count_utf8_bytes() {
        assertThat(encoded("µs")).isEqualTo("3:µs");
        assertThat(decoded("3:µs")).isEqualTo("µs");
    }

    @Test
    void round_trip_of_a_nested_ng_reply() {
        Map<String, Object> reply = Map.of("result", "ok", "sdp", "v=0\r\nm=audio 30000 RTP/AVP 0\r\n",
                "totals", Map.of("RTP", Map.of("packets", 1500L, "bytes", 258000L)), "flags", List.of("a", "b"));
        assertThat(Bencode.decode(Bencode.encode(reply), 0)).isEqualTo(reply);
    }

    @Test
    void decodes_rtpengines_pong_from_an_offset() {
        byte[] datagram = "5_1 d6:result4:ponge".getBytes(StandardCharsets.US_ASCII);
        assertThat(Bencode.decode(datagram, 4)).isEqualTo(Map.of("result", "pong"));
    }

    @Test
    void rejects_truncated_or_malformed_input() {
        assertThatThrownBy(() -> decoded("d6:result")).hasMessageContaining("truncated");
        assertThatThrownBy(() -> decoded("10:short")).hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> decoded("i4x2e")).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> decoded("x")).hasMessageContaining("unexpected 'x'");
        assertThatThrownBy(() -> decoded("di1e1:ae")).hasMessageContaining("is not a string");
        assertThatThrownBy(() -> decoded("i1ei2e")).hasMessageContaining("after the value");
    }

    @Test
    void refuses_values_it_cannot_encode() {
        assertThatThrownBy(() -> Bencode.encode(1.5)).hasMessageContaining("java.lang.Double");
        assertThatThrownBy(() -> Bencode.encode(Map.of(1, "a"))).hasMessageContaining("not a string");
    }
}
