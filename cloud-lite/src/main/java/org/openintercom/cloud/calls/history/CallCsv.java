package org.openintercom.cloud.calls.history;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes calls as CSV (RFC 4180): a header row, CRLF line ends, fields with a comma, quote, CR or LF quoted with
 * their quotes doubled; timestamps ISO-8601 in UTC; ring and talk time in seconds with millisecond decimals. The
 * caller supplies a UTF-8 writer.
 */
public final class CallCsv {

    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of("call_id", "started_at", "answered_at", "ended_at",
            "ring_seconds", "talk_seconds", "status", "sip_status", "sip_reason", "end_cause", "station_id",
            "caller_display", "caller_uri", "target_kind", "target", "targets_rung", "answered_by", "routing",
            "company_id", "project_id", "site_id", "snapshot");

    private CallCsv() {
    }

    /** Writes the header row. */
    public static void writeHeader(Writer out) throws IOException {
        writeRow(out, COLUMNS);
    }

    /** Writes one call. */
    public static void write(Writer out, CallRecord c) throws IOException {
        List<String> f = new ArrayList<>(COLUMNS.size());
        f.add(c.callId());
        f.add(time(c.startedAt()));
        f.add(time(c.answeredAt()));
        f.add(time(c.endedAt()));
        f.add(c.ringTime().map(CallCsv::seconds).orElse(""));
        f.add(c.talkTime().map(CallCsv::seconds).orElse(""));
        f.add(c.status().name());
        f.add(c.sipStatus() == null ? "" : c.sipStatus().toString());
        f.add(c.sipReason());
        f.add(c.endCause() == null ? "" : c.endCause().name());
        f.add(c.station().value());
        f.add(c.callerDisplay());
        f.add(c.callerUri());
        f.add(c.targetKind().name());
        f.add(c.target());
        f.add(c.targetsRung().stream().map(t -> t.wave() + ":" + t.target()).collect(Collectors.joining(" ")));
        f.add(c.answeredBy());
        f.add(c.routing());
        f.add(c.scope() == null || c.scope().companyId() == null ? "" : c.scope().companyId().toString());
        f.add(c.scope() == null || c.scope().projectId() == null ? "" : c.scope().projectId().toString());
        f.add(c.scope() == null || c.scope().siteId() == null ? "" : c.scope().siteId().toString());
        f.add(c.hasSnapshot() ? "yes" : "no");
        writeRow(out, f);
    }

    /** {@code value} as one CSV field: quoted (quotes doubled) if it holds a comma, quote, CR or LF. */
    public static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** A duration as seconds with three decimals, e.g. {@code 12.345}. */
    public static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).toPlainString();
    }

    private static String time(Instant t) {
        return t == null ? "" : t.toString();
    }

    private static void writeRow(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(fields.get(i)));
        }
        out.write("\r\n");
    }
}
