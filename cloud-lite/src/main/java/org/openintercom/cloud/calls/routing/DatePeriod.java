package org.openintercom.cloud.calls.routing;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.LocalDate;

/** A range of dates, both ends included (a holiday trip: 2026-07-01 to 2026-07-14). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatePeriod(@JsonFormat(shape = JsonFormat.Shape.STRING) LocalDate from,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) LocalDate to) {

    public static DatePeriod of(String from, String to) {
        return new DatePeriod(LocalDate.parse(from), LocalDate.parse(to));
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(from) && !date.isAfter(to);
    }

    void check(String path, Problems problems) {
        if (from == null || to == null) {
            problems.add(path, "from and to are required");
        } else if (to.isBefore(from)) {
            problems.add(path, from + " to " + to + " ends before it starts");
        }
    }
}
