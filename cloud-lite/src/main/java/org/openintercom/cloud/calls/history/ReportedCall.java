package org.openintercom.cloud.calls.history;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.openintercom.provisioning.channel.StationCallReport;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * A finished call a station reports itself because the relay never saw it (a mesh call placed while the cloud was
 * unreachable): how it started, who it rang, who answered and how it ended, all at once.
 *
 * @param answeredBy who answered, or null
 * @param answeredAt when, or null
 */
public record ReportedCall(NewCall call, List<String> targetsRung, String answeredBy, Instant answeredAt,
        CallEnd end) {

    /** The text the {@code routing} column of every station-reported call starts with. */
    public static final String ROUTING = "mesh (offline)";

    public ReportedCall {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(end, "end");
        targetsRung = List.copyOf(targetsRung);
    }

    /**
     * The call a station's report describes. The kind of target is read from its form (a URI, a device id, else a
     * ring group or user name, recorded as a group); who hung up an answered call is not reported (end cause
     * UNKNOWN unless the talk limit ended it).
     */
    public static ReportedCall of(StationCallReport r) {
        TargetKind kind = r.target().contains(":") ? TargetKind.URI
                : DeviceId.isValid(r.target()) ? TargetKind.USER : TargetKind.GROUP;
        String rang = r.targetsRung().isEmpty() ? "nobody" : String.join(", ", r.targetsRung());
        NewCall call = new NewCall(r.callId(), new DeviceId(r.station()), null, null, r.target(), kind,
                ROUTING + ": the station rang " + rang + " on its local network"
                        + r.button().map(b -> " (button " + b + ")").orElse(""), r.startedAt());
        CallEnd end = switch (r.outcome()) {
            case ANSWERED, INTERRUPTED -> new CallEnd(r.answeredAt().isPresent() ? DialStatus.ANSWERED
                    : DialStatus.FAILED, r.answeredAt().isPresent() ? 200 : null, null,
                    r.outcome() == StationCallReport.Outcome.ANSWERED ? EndCause.UNKNOWN : EndCause.ERROR, r.endedAt());
            case TALK_LIMIT -> CallEnd.hungUp(EndCause.TALK_LIMIT, r.endedAt());
            case NO_ANSWER -> new CallEnd(DialStatus.MISSED, null, null, EndCause.NOT_ANSWERED, r.endedAt());
            case CANCELLED -> CallEnd.cancelled(r.endedAt());
            case BUSY -> CallEnd.refused(DialStatus.BUSY, 486, "Busy Here", r.endedAt());
            case REJECTED -> CallEnd.refused(DialStatus.REJECTED, 603, "Decline", r.endedAt());
            case UNREACHABLE, FAILED -> new CallEnd(DialStatus.FAILED, null, null, EndCause.ERROR, r.endedAt());
        };
        return new ReportedCall(call, r.targetsRung(), r.answeredBy().orElse(null), r.answeredAt().orElse(null),
                end);
    }

    /** What came of storing a reported call. */
    public enum Outcome {
        /** Stored now. */
        RECORDED,
        /** The same station reported the same Call-ID before: nothing was changed. */
        ALREADY_RECORDED,
        /** Another station's call has that Call-ID: nothing was changed. */
        ANOTHER_STATIONS
    }
}
