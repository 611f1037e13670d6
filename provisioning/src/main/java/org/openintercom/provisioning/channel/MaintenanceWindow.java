package org.openintercom.provisioning.channel;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When a device may install firmware: daily from {@code start} to {@code end} (local time in {@code zone}, the
 * site's time zone), on {@code days} (empty means every day). A window whose end is before its start spans
 * midnight and belongs to the day it starts on ({@code 23:00–04:00} on Saturdays runs into Sunday morning).
 * Downloads are not limited by the window.
 */
public record MaintenanceWindow(ZoneId zone, LocalTime start, LocalTime end, Set<DayOfWeek> days) {

    public MaintenanceWindow {
        Objects.requireNonNull(zone, "installWindow.zone is required");
        Objects.requireNonNull(start, "installWindow.start is required");
        Objects.requireNonNull(end, "installWindow.end is required");
        if (start.equals(end)) {
            throw new IllegalArgumentException("installWindow start and end are both " + start
                    + ": the window would be empty");
        }
        days = days == null || days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
    }

    /** Whether {@code at} falls inside the window. */
    public boolean contains(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        if (!start.isAfter(end)) {
            return !time.isBefore(start) && time.isBefore(end) && onDay(local.getDayOfWeek());
        }
        // spans midnight: the evening part belongs to today, the morning part to yesterday's window
        if (!time.isBefore(start)) {
            return onDay(local.getDayOfWeek());
        }
        return time.isBefore(end) && onDay(local.getDayOfWeek().minus(1));
    }

    /**
     * The first instant at or after {@code from} inside the window ({@code from} itself when it is inside).
     * Local times skipped by a daylight-saving change start at the first valid instant after the gap.
     */
    public Instant nextOpening(Instant from) {
        if (contains(from)) {
            return from;
        }
        ZonedDateTime local = from.atZone(zone);
        for (int day = 0; day <= 8; day++) {
            ZonedDateTime candidate = local.toLocalDate().plusDays(day).atTime(start).atZone(zone);
            Instant opening = candidate.toInstant();
            if (!opening.isBefore(from) && onDay(candidate.getDayOfWeek()) && contains(opening)) {
                return opening;
            }
        }
        throw new IllegalStateException("installWindow " + this + " never opens");
    }

    private boolean onDay(DayOfWeek day) {
        return days.isEmpty() || days.contains(day);
    }
}
