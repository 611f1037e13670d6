package org.openintercom.agent.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openintercom.agent.sip.EndCause;

class EndCausesTest {

    @ParameterizedTest
    @CsvSource({"486,BUSY", "600,BUSY", "603,REJECTED", "480,REJECTED", "488,MEDIA_REFUSED", "606,MEDIA_REFUSED",
            "415,MEDIA_REFUSED", "404,FAILED", "408,FAILED", "500,FAILED", "302,FAILED"})
    void final_failure_statuses_map_to_end_causes(int status, EndCause cause) {
        assertThat(EndCauses.forStatus(status)).isEqualTo(cause);
    }
}
