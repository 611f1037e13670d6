package org.openintercom.cloud.calls.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openintercom.cloud.calls.routing.FakeWorld.BERLIN;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openintercom.cloud.calls.routing.RoutingStep.HangUp;

class OpeningHoursTest {

    private static final EnumSet<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private static RingGroup berlinGroup(OpeningHours hours) {
        return RingGroup.of("office", RingStrategy.PARALLEL, BERLIN, List.of(GroupMember.of("anna", 0)))
                .withOpeningHours(hours, GroupAction.hangUp());
    }

    private static boolean open(RingGroup group, String instant) {
        return group.isOpenAt(Instant.parse(instant));
    }

    @Test
    void two_ranges_a_day_leave_the_lunch_break_closed() {
        RingGroup g = berlinGroup(OpeningHours.on(WEEKDAYS, TimeRange.of("08:00", "12:00"),
                TimeRange.of("13:00", "17:30")));

        // Wednesday 2026-11-25, Berlin is UTC+1
        assertThat(open(g, "2026-11-25T06:59:00Z")).as("07:59").isFalse();
        assertThat(open(g, "2026-11-25T07:00:00Z")).as("08:00").isTrue();
        assertThat(open(g, "2026-11-25T10:59:00Z")).as("11:59").isTrue();
        assertThat(open(g, "2026-11-25T11:00:00Z")).as("12:00").isFalse();
        assertThat(open(g, "2026-11-25T11:59:00Z")).as("12:59").isFalse();
        assertThat(open(g, "2026-11-25T12:00:00Z")).as("13:00").isTrue();
        assertThat(open(g, "2026-11-25T16:29:00Z")).as("17:29").isTrue();
        assertThat(open(g, "2026-11-25T16:30:00Z")).as("17:30").isFalse();
        assertThat(open(g, "2026-11-28T10:00:00Z")).as("Saturday").isFalse();
    }

    @Test
    void an_end_of_midnight_means_until_the_end_of_the_day() {
        RingGroup g = berlinGroup(OpeningHours.on(EnumSet.of(DayOfWeek.WEDNESDAY), TimeRange.of("18:00", "00:00"))
                .with(DayOfWeek.THURSDAY, TimeRange.of("00:00", "00:00")));

        assertThat(g.validate()).isEmpty();
        assertThat(open(g, "2026-11-25T16:59:00Z")).as("Wed 17:59").isFalse();
        assertThat(open(g, "2026-11-25T22:59:59Z")).as("Wed 23:59:59").isTrue();
        assertThat(open(g, "2026-11-25T23:00:00Z")).as("Thu 00:00").isTrue();
        assertThat(open(g, "2026-11-26T22:59:00Z")).as("Thu 23:59").isTrue();
        assertThat(open(g, "2026-11-26T23:00:00Z")).as("Fri 00:00").isFalse();
    }

    @Test
    void a_holiday_closes_the_whole_day_and_the_plan_names_it() {
        RingGroup g = berlinGroup(OpeningHours.on(EnumSet.allOf(DayOfWeek.class), TimeRange.of("00:00", "00:00"))
                .withHoliday(Holiday.of("2026-12-25", "Christmas Day")));
        FakeWorld world = new FakeWorld().withUsers("anna").with(g);

        assertThat(open(g, "2026-12-24T22:59:00Z")).as("24 Dec 23:59").isTrue();
        assertThat(open(g, "2026-12-24T23:00:00Z")).as("25 Dec 00:00").isFalse();
        assertThat(open(g, "2026-12-25T22:59:00Z")).as("25 Dec 23:59").isFalse();
        assertThat(open(g, "2026-12-25T23:00:00Z")).as("26 Dec 00:00").isTrue();
        assertThat(world.call(Destination.group("office"), Instant.parse("2026-12-25T10:00:00Z")).steps())
                .containsExactly(new HangUp(HangUpReason.CLOSED,
                        "group:office closed: holiday Christmas Day (2026-12-25)"));
    }

    @Test
    void a_years_public_holidays_are_added_at_once() {
        Map<LocalDate, String> germany2026 = new LinkedHashMap<>();
        germany2026.put(LocalDate.parse("2026-01-01"), "Neujahr");
        germany2026.put(LocalDate.parse("2026-04-03"), "Karfreitag");
        germany2026.put(LocalDate.parse("2026-04-06"), "Ostermontag");
        germany2026.put(LocalDate.parse("2026-05-01"), "Tag der Arbeit");
        germany2026.put(LocalDate.parse("2026-05-14"), "Christi Himmelfahrt");
        germany2026.put(LocalDate.parse("2026-05-25"), "Pfingstmontag");
        germany2026.put(LocalDate.parse("2026-10-03"), "Tag der Deutschen Einheit");
        germany2026.put(LocalDate.parse("2026-12-25"), "1. Weihnachtstag");
        germany2026.put(LocalDate.parse("2026-12-26"), "2. Weihnachtstag");
        OpeningHours hours = OpeningHours.on(WEEKDAYS, TimeRange.of("08:00", "18:00"))
                .withHoliday(Holiday.of("2026-12-25", "old name"))
                .withHoliday(Holiday.of("2026-12-31", "Silvester (company)"))
                .withPublicHolidays(Year.of(2026), germany2026);
        RingGroup g = berlinGroup(hours);

        assertThat(hours.holidays()).hasSize(10);
        assertThat(hours.holidayOn(LocalDate.parse("2026-12-25"))).map(Holiday::name).contains("1. Weihnachtstag");
        assertThat(g.validate()).isEmpty();
        germany2026.keySet().forEach(d -> assertThat(g.isOpenAt(d.atTime(10, 0).atZone(BERLIN).toInstant()))
                .as(d.toString()).isFalse());
        assertThat(open(g, "2026-04-07T09:00:00Z")).as("the Tuesday after Easter").isTrue();
        assertThat(open(g, "2026-12-31T09:00:00Z")).as("the company's own holiday is kept").isFalse();
        assertThatThrownBy(() -> hours.withPublicHolidays(Year.of(2027),
                Map.of(LocalDate.parse("2027-01-01"), "Neujahr", LocalDate.parse("2026-12-31"), "typo")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("public holidays for 2027 include dates of another year: [2026-12-31]");
    }

    @Test
    void spring_forward_in_berlin_evaluates_on_the_local_wall_clock() {
        RingGroup g = berlinGroup(OpeningHours.on(EnumSet.allOf(DayOfWeek.class), TimeRange.of("08:00", "12:00")));

        // Saturday 28 March: UTC+1, so 06:30Z is 07:30 local; Sunday 29 March after 02:00->03:00: UTC+2, 08:30 local
        assertThat(open(g, "2026-03-28T06:30:00Z")).isFalse();
        assertThat(open(g, "2026-03-29T06:30:00Z")).isTrue();
        assertThat(open(g, "2026-03-29T09:59:00Z")).as("11:59 CEST").isTrue();
        assertThat(open(g, "2026-03-29T10:00:00Z")).as("12:00 CEST").isFalse();
    }

    @Test
    void the_skipped_hour_of_spring_forward_is_never_open() {
        RingGroup g = berlinGroup(OpeningHours.on(EnumSet.allOf(DayOfWeek.class), TimeRange.of("02:00", "03:00")));
        Instant from = Instant.parse("2026-03-29T00:00:00Z");

        assertThat(Stream.iterate(from, t -> t.plus(Duration.ofMinutes(1))).limit(180).filter(g::isOpenAt))
                .isEmpty();
        assertThat(open(g, "2026-03-28T01:30:00Z")).as("02:30 the day before").isTrue();
    }

    @Test
    void fall_back_in_berlin_evaluates_on_the_local_wall_clock_and_the_repeated_hour_is_open_twice() {
        RingGroup g = berlinGroup(OpeningHours.on(EnumSet.allOf(DayOfWeek.class), TimeRange.of("08:00", "12:00"))
                .with(DayOfWeek.SUNDAY, TimeRange.of("02:00", "02:30"), TimeRange.of("08:00", "12:00")));

        // Saturday 24 October: UTC+2, 06:30Z is 08:30; Sunday 25 October after 03:00->02:00: UTC+1, 07:30
        assertThat(open(g, "2026-10-24T06:30:00Z")).isTrue();
        assertThat(open(g, "2026-10-25T06:30:00Z")).isFalse();
        assertThat(open(g, "2026-10-25T07:00:00Z")).as("08:00 CET").isTrue();
        assertThat(open(g, "2026-10-25T00:15:00Z")).as("02:15 CEST").isTrue();
        assertThat(open(g, "2026-10-25T00:45:00Z")).as("02:45 CEST").isFalse();
        assertThat(open(g, "2026-10-25T01:15:00Z")).as("02:15 CET, the second time").isTrue();
        assertThat(open(g, "2026-10-25T01:45:00Z")).as("02:45 CET").isFalse();
    }

    @Test
    void a_new_york_group_is_evaluated_on_its_own_day_not_the_utc_day() {
        RingGroup g = RingGroup.of("ny", RingStrategy.PARALLEL, ZoneId.of("America/New_York"),
                        List.of(GroupMember.of("anna", 0)))
                .withOpeningHours(OpeningHours.on(WEEKDAYS, TimeRange.of("09:00", "22:00")),
                        GroupAction.playMessage("closed-ny"));
        FakeWorld world = new FakeWorld().withUsers("anna").with(g);

        // Saturday 02:30 UTC is Friday 21:30 in New York (UTC-5): open
        assertThat(world.call(Destination.group("ny"), Instant.parse("2026-11-28T02:30:00Z")).first())
                .isInstanceOf(RoutingStep.Ring.class);
        // Monday 03:00 UTC is Sunday 22:00 in New York: closed
        assertThat(world.call(Destination.group("ny"), Instant.parse("2026-11-23T03:00:00Z")).steps())
                .containsExactly(new RoutingStep.PlayMessage("closed-ny",
                        "group:ny closed: outside opening hours (SUNDAY 22:00 America/New_York)"));
        // Monday 13:59 UTC is 08:59 in New York: closed; 14:00 UTC is 09:00: open
        assertThat(open(g, "2026-11-23T13:59:00Z")).isFalse();
        assertThat(open(g, "2026-11-23T14:00:00Z")).isTrue();
    }

    @Test
    void a_closed_group_can_forward_to_another_group() {
        RingGroup day = berlinGroup(OpeningHours.on(WEEKDAYS, TimeRange.of("08:00", "18:00")))
                .withOpeningHours(OpeningHours.on(WEEKDAYS, TimeRange.of("08:00", "18:00")),
                        GroupAction.forwardTo(Destination.group("night")));
        RingGroup night = RingGroup.of("night", RingStrategy.PARALLEL, BERLIN, List.of(GroupMember.of("guard", 0)));
        FakeWorld world = new FakeWorld().withUsers("anna", "guard").with(day).with(night);

        RoutingPlan plan = world.call(Destination.group("office"), Instant.parse("2026-11-25T20:00:00Z"));

        assertThat(plan.rings()).singleElement().satisfies(r -> {
            assertThat(r.targets()).containsExactly(RingTarget.user("guard"));
            assertThat(r.why()).startsWith("group:office closed: outside opening hours (WEDNESDAY 21:00 Europe/Berlin);"
                    + " forward to group:night → group:night PARALLEL");
        });
    }

    @Test
    void ranges_that_cross_midnight_overlap_or_are_too_many_are_refused_with_their_path() {
        OpeningHours hours = OpeningHours.on(EnumSet.noneOf(DayOfWeek.class))
                .with(DayOfWeek.MONDAY, TimeRange.of("17:00", "08:00"))
                .with(DayOfWeek.TUESDAY, TimeRange.of("08:00", "12:00"), TimeRange.of("11:00", "14:00"))
                .with(DayOfWeek.FRIDAY, TimeRange.of("08:00", "09:00"), TimeRange.of("10:00", "11:00"),
                        TimeRange.of("12:00", "13:00"))
                .withHoliday(Holiday.of("2026-12-25", "a")).withHoliday(Holiday.of("2026-12-25", "b"));

        assertThat(berlinGroup(hours).validate()).containsExactly(
                "openingHours.monday[0]: 17:00-08:00 ends before it starts (ranges may not cross midnight;"
                        + " split them, an end of 00:00 means midnight)",
                "openingHours.tuesday[1]: 11:00-14:00 overlaps 08:00-12:00",
                "openingHours.friday: at most 2 ranges per day, got 3",
                "openingHours.holidays[1]: 2026-12-25 is listed twice");
    }
}
