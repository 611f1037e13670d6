package org.openintercom.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FirmwareVersionTest {

    @Test
    void versions_order_like_semantic_versioning() {
        List<String> sorted = Stream.of("1.10.0", "1.2.0", "1.2.0-rc.2", "1.2.0-rc.10", "1.2.0-beta", "0.9.9",
                "1.2.1", "1.2.0-rc.1").map(FirmwareVersion::parse).sorted().map(FirmwareVersion::toString).toList();

        assertThat(sorted).containsExactly("0.9.9", "1.2.0-beta", "1.2.0-rc.1", "1.2.0-rc.2", "1.2.0-rc.10", "1.2.0",
                "1.2.1", "1.10.0");
    }

    @Test
    void a_version_prints_as_it_was_written() {
        assertThat(FirmwareVersion.parse("3.0.12-rc.1")).hasToString("3.0.12-rc.1");
    }

    @Test
    void text_that_is_not_a_version_is_refused() {
        assertThatThrownBy(() -> FirmwareVersion.parse("1.2")).hasMessageContaining("'1.2' is not a firmware version");
        assertThatThrownBy(() -> FirmwareVersion.parse("01.2.3")).isInstanceOf(IllegalArgumentException.class);
    }
}
