package org.openintercom.cloud.calls.routing;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.LocalTime;

/**
 * A time of day range in local time, start inclusive, end exclusive. It may not cross midnight; an end of
 * {@code 00:00} means "until midnight" (so {@code 18:00-00:00} covers the evening and {@code 00:00-00:00} the
 * whole day). Written in JSON as {@code {"start":"08:00","end":"12:00"}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TimeRange(@JsonFormat(shape = JsonFormat.Shape.STRING) LocalTime start,
                        @JsonFormat(shape = JsonFormat.Shape.STRING) LocalTime end) {

    /** {@code TimeRange.of("08:00", "12:00")}. */
    public static TimeRange of(String start, String end) {
        return new TimeRange(LocalTime.parse(start), LocalTime.parse(end));
    }

    /** Whether {@code time} is inside the range. */
    public boolean contains(LocalTime time) {
        return !time.isBefore(start) && (untilMidnight() || time.isBefore(end));
    }

    /** Whether the two ranges share any instant of the day. */
    boolean overlaps(TimeRange other) {
        boolean thisEndsAfterOtherStarts = untilMidnight() || end.isAfter(other.start);
        boolean otherEndsAfterThisStarts = other.untilMidnight() || other.end.isAfter(start);
        return thisEndsAfterOtherStarts && otherEndsAfterThisStarts;
    }

    private boolean untilMidnight() {
        return LocalTime.MIDNIGHT.equals(end);
    }

    /** {@code 08:00-12:00}. */
    public String describe() {
        return start + "-" + end;
    }

    void check(String path, Problems problems) {
        if (start == null || end == null) {
            problems.add(path, "start and end are required");
        } else if (!untilMidnight() && !end.isAfter(start)) {
            problems.add(path, describe() + " ends before it starts (ranges may not cross midnight;"
                    + " split them, an end of 00:00 means midnight)");
        }
    }
}
