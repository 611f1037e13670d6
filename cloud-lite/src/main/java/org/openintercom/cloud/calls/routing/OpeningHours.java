package org.openintercom.cloud.calls.routing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When a ring group answers calls, in the group's local time: up to two time ranges per weekday (a day without
 * ranges is closed) and holidays, closed all day. The zone is the group's; {@link RingGroup#isOpenAt} converts.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpeningHours(List<TimeRange> monday, List<TimeRange> tuesday, List<TimeRange> wednesday,
                           List<TimeRange> thursday, List<TimeRange> friday, List<TimeRange> saturday,
                           List<TimeRange> sunday, List<Holiday> holidays) {

    /** At most this many ranges per weekday (a morning and an afternoon). */
    public static final int MAX_RANGES_PER_DAY = 2;

    public OpeningHours {
        monday = copy(monday);
        tuesday = copy(tuesday);
        wednesday = copy(wednesday);
        thursday = copy(thursday);
        friday = copy(friday);
        saturday = copy(saturday);
        sunday = copy(sunday);
        holidays = copy(holidays);
    }

    /** The same ranges on each of {@code days}, closed on the other days, no holidays. */
    public static OpeningHours on(Set<DayOfWeek> days, TimeRange... ranges) {
        List<TimeRange> r = List.of(ranges);
        return new OpeningHours(days.contains(DayOfWeek.MONDAY) ? r : null,
                days.contains(DayOfWeek.TUESDAY) ? r : null, days.contains(DayOfWeek.WEDNESDAY) ? r : null,
                days.contains(DayOfWeek.THURSDAY) ? r : null, days.contains(DayOfWeek.FRIDAY) ? r : null,
                days.contains(DayOfWeek.SATURDAY) ? r : null, days.contains(DayOfWeek.SUNDAY) ? r : null, null);
    }

    /** A copy with {@code day}'s ranges replaced. */
    public OpeningHours with(DayOfWeek day, TimeRange... ranges) {
        List<List<TimeRange>> days = new ArrayList<>(List.of(monday, tuesday, wednesday, thursday, friday,
                saturday, sunday));
        days.set(day.ordinal(), List.of(ranges));
        return new OpeningHours(days.get(0), days.get(1), days.get(2), days.get(3), days.get(4), days.get(5),
                days.get(6), holidays);
    }

    /** A copy with one more holiday. */
    public OpeningHours withHoliday(Holiday holiday) {
        List<Holiday> all = new ArrayList<>(holidays);
        all.add(holiday);
        return new OpeningHours(monday, tuesday, wednesday, thursday, friday, saturday, sunday, all);
    }

    /**
     * A copy with a year's public holidays added at once (date to name), replacing holidays already on the same
     * dates. Every date must lie in {@code year}: a list for the wrong year is refused with the offending dates.
     */
    public OpeningHours withPublicHolidays(Year year, Map<LocalDate, String> namesByDate) {
        List<String> wrongYear = namesByDate.keySet().stream()
                .filter(d -> d.getYear() != year.getValue()).sorted().map(LocalDate::toString).toList();
        if (!wrongYear.isEmpty()) {
            throw new IllegalArgumentException("public holidays for " + year + " include dates of another year: "
                    + wrongYear);
        }
        List<Holiday> all = new ArrayList<>(holidays.stream()
                .filter(h -> !namesByDate.containsKey(h.date())).toList());
        namesByDate.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> all.add(new Holiday(e.getKey(), e.getValue())));
        return new OpeningHours(monday, tuesday, wednesday, thursday, friday, saturday, sunday, all);
    }

    /** The ranges of {@code day}. */
    public List<TimeRange> rangesOn(DayOfWeek day) {
        return switch (day) {
            case MONDAY -> monday;
            case TUESDAY -> tuesday;
            case WEDNESDAY -> wednesday;
            case THURSDAY -> thursday;
            case FRIDAY -> friday;
            case SATURDAY -> saturday;
            case SUNDAY -> sunday;
        };
    }

    /** The holiday on {@code date}, if any. */
    public Optional<Holiday> holidayOn(LocalDate date) {
        return holidays.stream().filter(h -> date.equals(h.date())).findFirst();
    }

    /** Whether the group is open at {@code local} (wall-clock time in the group's zone). */
    public boolean isOpen(LocalDateTime local) {
        return holidayOn(local.toLocalDate()).isEmpty()
                && rangesOn(local.getDayOfWeek()).stream().anyMatch(r -> r.contains(local.toLocalTime()));
    }

    void check(String path, Problems problems) {
        for (DayOfWeek day : DayOfWeek.values()) {
            String dayPath = Problems.at(path, day.name().toLowerCase(java.util.Locale.ROOT));
            List<TimeRange> ranges = rangesOn(day);
            if (ranges.size() > MAX_RANGES_PER_DAY) {
                problems.add(dayPath, "at most " + MAX_RANGES_PER_DAY + " ranges per day, got " + ranges.size());
            }
            for (int i = 0; i < ranges.size(); i++) {
                TimeRange r = ranges.get(i);
                if (r == null) {
                    problems.add(Problems.at(dayPath, i), "required");
                    continue;
                }
                int before = problems.list().size();
                r.check(Problems.at(dayPath, i), problems);
                if (problems.list().size() > before) {
                    continue;
                }
                for (int j = 0; j < i; j++) {
                    TimeRange o = ranges.get(j);
                    if (o != null && o.start() != null && o.end() != null && o.overlaps(r)) {
                        problems.add(Problems.at(dayPath, i), r.describe() + " overlaps " + o.describe());
                    }
                }
            }
        }
        Set<LocalDate> seen = new HashSet<>();
        for (int i = 0; i < holidays.size(); i++) {
            Holiday h = holidays.get(i);
            String p = Problems.at(Problems.at(path, "holidays"), i);
            if (h == null || h.date() == null) {
                problems.add(p, "date is required");
            } else if (!seen.add(h.date())) {
                problems.add(p, h.date() + " is listed twice");
            }
        }
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(list));
    }
}
