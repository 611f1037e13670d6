package org.openintercom.provisioning.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");

    @Test
    void a_daytime_window_holds_local_times_between_start_and_end() {
        MaintenanceWindow w = new MaintenanceWindow(ZURICH, LocalTime.of(2, 0), LocalTime.of(5, 0), Set.of());

        // winter: UTC+1
        assertThat(w.contains(Instant.parse("2026-01-10T01:00:00Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-01-10T03:59:59Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-01-10T04:00:00Z"))).isFalse();
        assertThat(w.contains(Instant.parse("2026-01-10T00:59:59Z"))).isFalse();
        // summer: UTC+2
        assertThat(w.contains(Instant.parse("2026-07-10T00:00:00Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-07-10T03:00:00Z"))).isFalse();
    }

    @Test
    void a_window_over_midnight_belongs_to_the_day_it_starts() {
        MaintenanceWindow saturdayNight = new MaintenanceWindow(ZURICH, LocalTime.of(23, 0), LocalTime.of(4, 0),
                Set.of(DayOfWeek.SATURDAY));

        assertThat(saturdayNight.contains(Instant.parse("2026-11-28T22:30:00Z"))).isTrue(); // Sat 23:30
        assertThat(saturdayNight.contains(Instant.parse("2026-11-29T02:00:00Z"))).isTrue(); // Sun 03:00
        assertThat(saturdayNight.contains(Instant.parse("2026-11-29T22:30:00Z"))).isFalse(); // Sun 23:30
        assertThat(saturdayNight.contains(Instant.parse("2026-11-28T02:00:00Z"))).isFalse(); // Sat 03:00
    }

    @Test
    void the_next_opening_crosses_days_and_daylight_saving() {
        MaintenanceWindow w = new MaintenanceWindow(ZURICH, LocalTime.of(2, 30), LocalTime.of(4, 0), Set.of());

        // 2026-03-29: clocks go from 02:00 to 03:00, so 02:30 does not exist; the window opens at 03:00 local
        assertThat(w.nextOpening(Instant.parse("2026-03-28T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        // inside: now
        Instant inside = Instant.parse("2026-01-10T02:00:00Z");
        assertThat(w.nextOpening(inside)).isEqualTo(inside);
        // after today's window: tomorrow's
        assertThat(w.nextOpening(Instant.parse("2026-01-10T05:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-11T01:30:00Z"));
    }

    @Test
    void an_empty_window_is_refused() {
        assertThatThrownBy(() -> new MaintenanceWindow(ZURICH, LocalTime.NOON, LocalTime.NOON, Set.of()))
                .hasMessageContaining("empty");
    }
}
