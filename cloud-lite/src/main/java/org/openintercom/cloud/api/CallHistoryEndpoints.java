package org.openintercom.cloud.api;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.cloud.calls.history.CallCsv;
import org.openintercom.cloud.calls.history.CallCursor;
import org.openintercom.cloud.calls.history.CallPage;
import org.openintercom.cloud.calls.history.CallQuery;
import org.openintercom.cloud.calls.history.CallRecord;
import org.openintercom.cloud.calls.history.DialStatus;
import org.openintercom.cloud.calls.history.EndCause;
import org.openintercom.cloud.calls.history.RungTarget;
import org.openintercom.cloud.calls.history.TargetKind;
import org.openintercom.cloud.calls.history.Visibility;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * The routes of the call history (docs/cloud-api.md, "Calls"): list with filters and a cursor, one call, its
 * snapshot, and the CSV export of the same filters.
 */
final class CallHistoryEndpoints {

    private static final String V1 = "/api/v1";
    /** Calls read per database round trip while a CSV export streams. */
    static final int CSV_PAGE = 500;

    private CallHistoryEndpoints() {
    }

    /** One rung target. */
    record TargetView(int wave, int position, String target, Instant rungAt) {
        static TargetView of(RungTarget t) {
            return new TargetView(t.wave(), t.position(), t.target(), t.rungAt());
        }
    }

    /** One call; absent fields are unknown or not applicable. */
    record CallView(String callId, String stationId, String callerDisplay, String callerUri, String target,
            TargetKind targetKind, List<TargetView> targetsRung, String answeredBy, DialStatus status,
            Integer sipStatus, String sipReason, Instant startedAt, Instant answeredAt, Instant endedAt,
            BigDecimal ringSeconds, BigDecimal talkSeconds, EndCause endCause, String routing, Long companyId,
            Long projectId, Long siteId, String snapshotUrl) {

        static CallView of(CallRecord c) {
            return new CallView(c.callId(), c.station().value(), c.callerDisplay(), c.callerUri(), c.target(),
                    c.targetKind(), c.targetsRung().stream().map(TargetView::of).toList(), c.answeredBy(),
                    c.status(), c.sipStatus(), c.sipReason(), c.startedAt(), c.answeredAt(), c.endedAt(),
                    c.ringTime().map(CallHistoryEndpoints::seconds).orElse(null),
                    c.talkTime().map(CallHistoryEndpoints::seconds).orElse(null), c.endCause(), c.routing(),
                    c.scope() == null ? null : c.scope().companyId(), c.scope() == null ? null : c.scope().projectId(),
                    c.scope() == null ? null : c.scope().siteId(),
                    c.hasSnapshot() ? V1 + "/calls/" + pathSegment(c.callId()) + "/snapshot" : null);
        }
    }

    /** A page of calls and the cursor of the next one (absent on the last page). */
    record CallPageView(List<CallView> items, String next) {
    }

    static void addTo(Router router, CallHistoryService calls) {
        router.add("GET", V1 + "/calls", call -> {
                    CallPage page = calls.list(call.caller(), query(call, true));
                    return Reply.ok(new CallPageView(page.calls().stream().map(CallView::of).toList(),
                            page.next().map(CallCursor::encode).orElse(null)));
                })
                .add("GET", V1 + "/calls.csv", call -> csv(calls, call.caller(), query(call, false)))
                .add("GET", V1 + "/calls/{callId}", call -> Reply.ok(CallView.of(Reply.orFail(
                        calls.get(call.caller(), call.pathParams().get("callId"))))))
                .add("GET", V1 + "/calls/{callId}/snapshot", call -> {
                    Path file = Reply.orFail(calls.snapshot(call.caller(), call.pathParams().get("callId")));
                    return Reply.ok(new Streamed("image/jpeg", null, out -> Files.copy(file, out)));
                });
    }

    private static Reply csv(CallHistoryService calls, Principal caller, CallQuery query) {
        // the first page is read before the status is sent, so a database failure is still a proper 500
        CallPage first = calls.list(caller, query.limit(CSV_PAGE));
        return Reply.ok(new Streamed("text/csv; charset=utf-8", "attachment; filename=\"calls.csv\"", out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            CallCsv.writeHeader(w);
            CallPage page = first;
            while (true) {
                for (CallRecord c : page.calls()) {
                    CallCsv.write(w, c);
                }
                w.flush();
                if (page.next().isEmpty()) {
                    break;
                }
                page = calls.list(caller, query.limit(CSV_PAGE).after(page.next().get()));
            }
        }));
    }

    /** The filter of the query parameters; a bad value is a 400 naming the parameter. */
    static CallQuery query(Call call, boolean paged) {
        var q = call.query();
        Instant from = instant("from", q.get("from"));
        Instant to = instant("to", q.get("to"));
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiError.badRequest("query parameter from (" + from + ") must be before to (" + to + ")");
        }
        Set<DialStatus> statuses = statuses(q.get("status"));
        DeviceId device = null;
        String deviceText = q.get("device");
        if (deviceText != null && !deviceText.isEmpty()) {
            try {
                device = DeviceId.parse(deviceText);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("query parameter device: " + e.getMessage());
            }
        }
        Long site = call.longQuery("site");
        int limit = CallQuery.DEFAULT_LIMIT;
        CallCursor cursor = null;
        if (paged) {
            Long n = call.longQuery("limit");
            if (n != null) {
                if (n < CallQuery.MIN_LIMIT || n > CallQuery.MAX_LIMIT) {
                    throw ApiError.badRequest("query parameter limit must be between " + CallQuery.MIN_LIMIT
                            + " and " + CallQuery.MAX_LIMIT + ", was " + n);
                }
                limit = n.intValue();
            }
            String c = q.get("cursor");
            if (c != null && !c.isEmpty()) {
                try {
                    cursor = CallCursor.decode(c);
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest("query parameter cursor: " + e.getMessage()
                            + "; pass the 'next' value of the previous page");
                }
            }
        }
        return new CallQuery(Visibility.within(Set.of(), Set.of(), Set.of()), from, to, statuses, device, site,
                cursor, limit);
    }

    private static Instant instant(String name, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiError.badRequest("query parameter " + name + " must be an ISO-8601 instant like"
                        + " 2026-03-01T10:00:00Z or a date like 2026-03-01 (UTC), was '" + text + "'");
            }
        }
    }

    private static Set<DialStatus> statuses(String text) {
        if (text == null || text.isEmpty()) {
            return Set.of();
        }
        Set<DialStatus> statuses = EnumSet.noneOf(DialStatus.class);
        for (String part : text.split(",")) {
            try {
                statuses.add(DialStatus.valueOf(part.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("query parameter status must be one or more (comma-separated) of "
                        + Arrays.toString(DialStatus.values()).replaceAll("[\\[\\]]", "") + ", was '" + text + "'");
            }
        }
        return statuses;
    }

    private static BigDecimal seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3);
    }

    /** {@code text} percent-encoded for one path segment (the router decodes it again). */
    static String pathSegment(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

}
