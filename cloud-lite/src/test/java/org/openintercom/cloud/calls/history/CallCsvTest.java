package org.openintercom.cloud.calls.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openintercom.cloud.auth.Scope;
import org.openintercom.provisioning.claim.DeviceId;

/** RFC 4180 output of the call export. */
class CallCsvTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final DeviceId STATION = DeviceId.parse("ABCDEFGH12");

    private static CallRecord call(String display, String routing) {
        return new CallRecord("id-1@relay", STATION, display, "sip:door@relay", "grp-7", TargetKind.GROUP,
                List.of(new RungTarget(1, 0, "alice", T0), new RungTarget(2, 0, "sip:concierge@c", T0.plusSeconds(20))),
                "alice", DialStatus.ANSWERED, 200, "OK", T0, T0.plusMillis(7250), T0.plusSeconds(67), EndCause.CALLER_HUNG_UP,
                routing, Scope.site(1, 2, 3), true);
    }

    private static String csv(CallRecord... calls) throws IOException {
        StringWriter out = new StringWriter();
        CallCsv.writeHeader(out);
        for (CallRecord c : calls) {
            CallCsv.write(out, c);
        }
        return out.toString();
    }

    @Test
    void writes_a_header_and_one_crlf_line_per_call() throws IOException {
        String text = csv(call("Door 1", "group 7"));

        assertThat(text.split("\r\n", -1)).hasSize(3).endsWith("");
        assertThat(text).startsWith("call_id,started_at,answered_at,ended_at,ring_seconds,talk_seconds,status,"
                + "sip_status,sip_reason,end_cause,station_id,caller_display,caller_uri,target_kind,target,"
                + "targets_rung,answered_by,routing,company_id,project_id,site_id,snapshot\r\n");
        assertThat(text.split("\r\n")[1]).isEqualTo("id-1@relay,2026-03-01T10:00:00Z,2026-03-01T10:00:07.250Z,"
                + "2026-03-01T10:01:07Z,7.250,59.750,ANSWERED,200,OK,CALLER_HUNG_UP,ABCDEFGH12,Door 1,sip:door@relay,"
                + "GROUP,grp-7,1:alice 2:sip:concierge@c,alice,group 7,1,2,3,yes");
    }

    @Test
    void quotes_fields_with_commas_quotes_and_line_breaks() throws IOException {
        String text = csv(call("Müller, \"Haus B\"", "line one\r\nline two\nthree"));

        assertThat(text).contains(",\"Müller, \"\"Haus B\"\"\",");
        assertThat(text).contains(",\"line one\r\nline two\nthree\",");
        assertThat(CallCsv.field("plain")).isEqualTo("plain");
        assertThat(CallCsv.field("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(CallCsv.field(null)).isEmpty();
    }

    @Test
    void unknown_times_are_empty_and_seconds_have_millisecond_decimals() throws IOException {
        CallRecord open = new CallRecord("open@relay", STATION, null, null, "u1", TargetKind.USER, List.of(), null,
                DialStatus.IN_PROGRESS, null, null, T0, null, null, null, null, null, false);

        String line = csv(open).split("\r\n")[1];

        assertThat(line).isEqualTo("open@relay,2026-03-01T10:00:00Z,,,,,IN_PROGRESS,,,,ABCDEFGH12,,,USER,u1,,,,,,,no");
        assertThat(CallCsv.seconds(Duration.ofMillis(61005))).isEqualTo("61.005");
        assertThat(CallCsv.seconds(Duration.ZERO)).isEqualTo("0.000");
    }
}
