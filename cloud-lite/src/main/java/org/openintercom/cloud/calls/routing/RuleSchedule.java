package org.openintercom.cloud.calls.routing;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * When a forwarding rule applies, in the user's local time. Each part left empty does not limit: {@code weekdays}
 * (any of them), the day ({@code dates} or {@code periods}: the day is one of the dates or inside one of the
 * periods) and {@code times} (any of the time-of-day windows). The parts combine with AND; an empty schedule
 * always applies.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuleSchedule(Set<DayOfWeek> weekdays,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) List<LocalDate> dates,
                           List<DatePeriod> periods, List<TimeRange> times) {

    public RuleSchedule {
        weekdays = weekdays == null ? Set.of() : Collections.unmodifiableSet(new java.util.TreeSet<>(weekdays));
        dates = dates == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(dates));
        periods = periods == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(periods));
        times = times == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(times));
    }

    public static RuleSchedule always() {
        return new RuleSchedule(null, null, null, null);
    }

    public static RuleSchedule during(TimeRange... windows) {
        return new RuleSchedule(null, null, null, List.of(windows));
    }

    public RuleSchedule onWeekdays(DayOfWeek... days) {
        return new RuleSchedule(Set.of(days), dates, periods, times);
    }

    public RuleSchedule onDates(LocalDate... days) {
        return new RuleSchedule(weekdays, List.of(days), periods, times);
    }

    public RuleSchedule inPeriods(DatePeriod... ranges) {
        return new RuleSchedule(weekdays, dates, List.of(ranges), times);
    }

    /** Whether the schedule applies at {@code local} (wall-clock time in the user's zone). */
    public boolean appliesAt(LocalDateTime local) {
        LocalDate day = local.toLocalDate();
        boolean weekdayOk = weekdays.isEmpty() || weekdays.contains(local.getDayOfWeek());
        boolean dayOk = dates.isEmpty() && periods.isEmpty()
                || dates.contains(day) || periods.stream().anyMatch(p -> p.contains(day));
        boolean timeOk = times.isEmpty() || times.stream().anyMatch(t -> t.contains(local.toLocalTime()));
        return weekdayOk && dayOk && timeOk;
    }

    /** A short text for plans: {@code MONDAY,FRIDAY 08:00-12:00}, or {@code always}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!weekdays.isEmpty()) {
            parts.add(String.join(",", weekdays.stream().map(DayOfWeek::name).toList()));
        }
        dates.forEach(d -> parts.add(String.valueOf(d)));
        periods.forEach(p -> parts.add(p.from() + ".." + p.to()));
        times.forEach(t -> parts.add(t == null ? "?" : t.describe()));
        return parts.isEmpty() ? "always" : String.join(" ", parts);
    }

    void check(String path, Problems problems) {
        for (int i = 0; i < dates.size(); i++) {
            if (dates.get(i) == null) {
                problems.add(Problems.at(Problems.at(path, "dates"), i), "required");
            }
        }
        for (int i = 0; i < periods.size(); i++) {
            String p = Problems.at(Problems.at(path, "periods"), i);
            if (periods.get(i) == null) {
                problems.add(p, "required");
            } else {
                periods.get(i).check(p, problems);
            }
        }
        for (int i = 0; i < times.size(); i++) {
            String p = Problems.at(Problems.at(path, "times"), i);
            if (times.get(i) == null) {
                problems.add(p, "required");
            } else {
                times.get(i).check(p, problems);
            }
        }
    }
}
