package org.openintercom.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NgMessageTest {

    @Test
    void frames_cookie_space_dictionary() {
        NgMessage ping = new NgMessage("c1", Map.of("command", "ping"));
        assertThat(new String(ping.encode(), StandardCharsets.US_ASCII)).isEqualTo("c1 d7:command4:pinge");
    }

    @Test
    void round_trip() {
        NgMessage offer = new NgMessage("abc_7", Map.of("command", "offer", "call-id", "x", "sdp", "v=0\r\n"));
        NgMessage decoded = NgMessage.decode(offer.encode());
        assertThat(decoded).isEqualTo(offer);
        assertThat(decoded.string("sdp")).isEqualTo("v=0\r\n");
        assertThat(decoded.string("missing")).isNull();
    }

    @Test
    void rejects_a_datagram_without_cookie_or_dictionary() {
        assertThatThrownBy(() -> NgMessage.decode("d7:command4:pinge".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("no cookie");
        assertThatThrownBy(() -> NgMessage.decode("c1 4:ping".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("not a dictionary");
    }
}
