package org.openintercom.cloud.calls.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openintercom.cloud.calls.routing.FakeWorld.BERLIN;
import static org.openintercom.cloud.calls.routing.FakeWorld.WEDNESDAY_10_BERLIN;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openintercom.cloud.calls.routing.RoutingStep.Forward;
import org.openintercom.cloud.calls.routing.RoutingStep.HangUp;
import org.openintercom.cloud.calls.routing.RoutingStep.Ring;

class UserRoutingTest {

    private static final Destination ANNA = Destination.user("anna");
    private static final Destination MOBILE = Destination.number("sip:+491701234@gw.example");
    private static final Destination DESK = Destination.number("sip:desk@office.example");
    private static final Instant WEDNESDAY_14_BERLIN = Instant.parse("2026-11-25T13:00:00Z");

    private static RoutingPlan call(FakeWorld world, Instant at) {
        return world.call(ANNA, at);
    }

    private static FakeWorld anna(ForwardingRule... rules) {
        return new FakeWorld().with(UserProfile.of("anna", BERLIN, rules));
    }

    @Test
    void a_user_without_rules_rings_for_the_default_time_then_hangs_up_with_no_answer() {
        RoutingPlan plan = call(anna(), WEDNESDAY_10_BERLIN);

        assertThat(plan.steps()).containsExactly(
                new Ring(List.of(RingTarget.user("anna")), Duration.ofSeconds(30), false,
                        "user:anna; no NO_ANSWER rule applies"),
                new HangUp(HangUpReason.NO_ANSWER, "user:anna did not answer in 30 s"));
    }

    @Test
    void immediate_forwarding_always_does_not_ring_the_user() {
        RoutingPlan plan = call(anna(ForwardingRule.immediate(MOBILE)), WEDNESDAY_10_BERLIN);

        assertThat(plan.steps()).containsExactly(new Forward(MOBILE.value(),
                "user:anna: rule IMMEDIATE to sip:+491701234@gw.example (always)"));
    }

    @Test
    void immediate_forwarding_within_a_time_window_applies_only_inside_it() {
        FakeWorld world = anna(ForwardingRule.immediate(MOBILE)
                .when(RuleSchedule.during(TimeRange.of("08:00", "12:00"))));

        assertThat(call(world, WEDNESDAY_10_BERLIN).first()).isInstanceOf(Forward.class);
        assertThat(call(world, WEDNESDAY_14_BERLIN).first()).isInstanceOf(Ring.class);
    }

    @Test
    void no_answer_rings_the_user_for_the_rules_seconds_then_forwards() {
        RoutingPlan plan = call(anna(ForwardingRule.noAnswer(20, MOBILE)), WEDNESDAY_10_BERLIN);

        assertThat(plan.rings()).singleElement().satisfies(r -> {
            assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(20));
            assertThat(r.targets()).containsExactly(RingTarget.user("anna"));
        });
        assertThat(plan.last()).isEqualTo(new Forward(MOBILE.value(), "user:anna did not answer in 20 s;"
                + " rule NO_ANSWER after 20 s to sip:+491701234@gw.example (always)"));
    }

    @Test
    void not_reachable_forwards_when_the_user_has_no_registered_contact() {
        FakeWorld world = anna(ForwardingRule.notReachable(MOBILE), ForwardingRule.noAnswer(20, DESK))
                .unregistered("anna");

        assertThat(call(world, WEDNESDAY_10_BERLIN).steps()).containsExactly(new Forward(MOBILE.value(),
                "user:anna is not registered; rule NOT_REACHABLE to sip:+491701234@gw.example (always)"));
        assertThat(call(anna().unregistered("anna"), WEDNESDAY_10_BERLIN).steps()).containsExactly(new HangUp(
                HangUpReason.NOT_REACHABLE, "user:anna is not registered and no NOT_REACHABLE rule applies"));
    }

    @Test
    void simultaneous_ringing_rings_extra_numbers_alongside_the_user() {
        RoutingPlan plan = call(anna(ForwardingRule.simultaneous(MOBILE.value(), "tel:+4930999"),
                ForwardingRule.noAnswer(45, DESK)), WEDNESDAY_10_BERLIN);

        Ring ring = (Ring) plan.first();
        assertThat(ring.targets()).containsExactly(RingTarget.user("anna"), RingTarget.number(MOBILE.value()),
                RingTarget.number("tel:+4930999"));
        assertThat(ring.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(plan.last()).isInstanceOfSatisfying(Forward.class, f -> assertThat(f.uri()).isEqualTo(DESK.value()));
    }

    @Test
    void simultaneous_ringing_goes_on_without_the_user_when_not_registered_and_wins_over_not_reachable() {
        RoutingPlan plan = call(anna(ForwardingRule.notReachable(DESK), ForwardingRule.simultaneous(MOBILE.value()))
                .unregistered("anna"), WEDNESDAY_10_BERLIN);

        assertThat(((Ring) plan.first()).targets()).containsExactly(RingTarget.number(MOBILE.value()));
        assertThat(plan.first().why()).startsWith("user:anna (not registered); rule SIMULTANEOUS");
    }

    @Test
    void rules_limited_to_weekdays_dates_and_periods_apply_only_on_those_days() {
        ForwardingRule weekend = ForwardingRule.immediate(MOBILE)
                .when(RuleSchedule.always().onWeekdays(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
        ForwardingRule christmasEve = ForwardingRule.immediate(DESK)
                .when(RuleSchedule.always().onDates(LocalDate.parse("2026-12-24")));
        ForwardingRule holidayTrip = ForwardingRule.immediate(Destination.number("sip:trip@x.example"))
                .when(RuleSchedule.always().inPeriods(DatePeriod.of("2026-08-03", "2026-08-13")));
        FakeWorld world = anna(weekend, christmasEve, holidayTrip);

        assertThat(target(call(world, Instant.parse("2026-11-28T10:00:00Z")))).isEqualTo(MOBILE.value());
        assertThat(target(call(world, Instant.parse("2026-11-25T10:00:00Z")))).isEqualTo("user:anna");
        assertThat(target(call(world, Instant.parse("2026-12-24T10:00:00Z")))).isEqualTo(DESK.value());
        assertThat(target(call(world, Instant.parse("2026-08-02T21:30:00Z")))).as("Sunday 23:30 before the trip")
                .isEqualTo(MOBILE.value());
        assertThat(target(call(world, Instant.parse("2026-08-02T22:30:00Z")))).as("00:30 on the first day (local)")
                .isEqualTo("sip:trip@x.example");
        assertThat(target(call(world, Instant.parse("2026-08-13T21:30:00Z")))).as("last day, 23:30 local")
                .isEqualTo("sip:trip@x.example");
        assertThat(target(call(world, Instant.parse("2026-08-13T22:30:00Z")))).as("00:30 on Friday 14 August")
                .isEqualTo("user:anna");
    }

    @Test
    void schedule_parts_combine_with_and_and_dates_or_periods() {
        RuleSchedule s = new RuleSchedule(java.util.Set.of(DayOfWeek.MONDAY), List.of(LocalDate.parse("2026-11-25")),
                List.of(DatePeriod.of("2026-11-30", "2026-12-06")), List.of(TimeRange.of("08:00", "09:00"),
                TimeRange.of("17:00", "18:00")));

        assertThat(s.appliesAt(LocalDateTime.parse("2026-11-30T08:30"))).as("Monday in the period, window").isTrue();
        assertThat(s.appliesAt(LocalDateTime.parse("2026-11-30T17:59"))).as("second window").isTrue();
        assertThat(s.appliesAt(LocalDateTime.parse("2026-11-30T12:00"))).as("outside the windows").isFalse();
        assertThat(s.appliesAt(LocalDateTime.parse("2026-11-23T08:30"))).as("Monday outside dates").isFalse();
        assertThat(s.appliesAt(LocalDateTime.parse("2026-12-01T08:30"))).as("Tuesday in the period").isFalse();
        assertThat(s.appliesAt(LocalDateTime.parse("2026-11-25T08:30"))).as("the date is a Wednesday").isFalse();
        assertThat(RuleSchedule.always().appliesAt(LocalDateTime.parse("2026-11-25T03:00"))).isTrue();
        assertThat(s.describe()).isEqualTo("MONDAY 2026-11-25 2026-11-30..2026-12-06 08:00-09:00 17:00-18:00");
    }

    @Test
    void rules_are_evaluated_in_the_users_time_zone() {
        FakeWorld world = new FakeWorld().with(UserProfile.of("anna", ZoneId.of("Asia/Tokyo"),
                ForwardingRule.immediate(MOBILE).when(RuleSchedule.during(TimeRange.of("18:00", "00:00"))
                        .onWeekdays(DayOfWeek.WEDNESDAY))));

        // 10:00 UTC on Wednesday is 19:00 Wednesday in Tokyo; 16:00 UTC is 01:00 Thursday
        assertThat(target(call(world, Instant.parse("2026-11-25T10:00:00Z")))).isEqualTo(MOBILE.value());
        assertThat(target(call(world, Instant.parse("2026-11-25T16:00:00Z")))).isEqualTo("user:anna");
        assertThat(target(call(world, Instant.parse("2026-11-25T08:00:00Z")))).as("17:00 Tokyo").isEqualTo("user:anna");
    }

    @Test
    void rule_windows_follow_the_users_wall_clock_across_daylight_saving_changes() {
        FakeWorld world = anna(ForwardingRule.immediate(MOBILE).when(RuleSchedule.during(TimeRange.of("08:00", "09:00"))));

        assertThat(target(call(world, Instant.parse("2026-03-28T07:30:00Z")))).as("08:30 CET").isEqualTo(MOBILE.value());
        assertThat(target(call(world, Instant.parse("2026-03-29T07:30:00Z")))).as("09:30 CEST").isEqualTo("user:anna");
        assertThat(target(call(world, Instant.parse("2026-03-29T06:30:00Z")))).as("08:30 CEST").isEqualTo(MOBILE.value());
        assertThat(target(call(world, Instant.parse("2026-10-24T06:30:00Z")))).as("08:30 CEST").isEqualTo(MOBILE.value());
        assertThat(target(call(world, Instant.parse("2026-10-25T06:30:00Z")))).as("07:30 CET").isEqualTo("user:anna");
    }

    @Test
    void do_not_disturb_rejects_as_busy_without_a_busy_rule() {
        FakeWorld world = new FakeWorld().with(UserProfile.of("anna", BERLIN).withDoNotDisturb(true));

        assertThat(call(world, WEDNESDAY_10_BERLIN).steps()).containsExactly(new HangUp(HangUpReason.DO_NOT_DISTURB,
                "user:anna has do-not-disturb on and no BUSY rule applies"));
    }

    @Test
    void do_not_disturb_applies_the_busy_rule_and_wins_over_immediate_forwarding() {
        FakeWorld world = new FakeWorld().with(UserProfile.of("anna", BERLIN, ForwardingRule.immediate(MOBILE),
                ForwardingRule.busy(Destination.number("sip:voicemail@x.example"))).withDoNotDisturb(true));

        assertThat(call(world, WEDNESDAY_10_BERLIN).steps()).containsExactly(new Forward("sip:voicemail@x.example",
                "user:anna has do-not-disturb on; rule BUSY to sip:voicemail@x.example (always)"));
    }

    @Test
    void a_busy_user_gets_the_busy_rule_or_is_rejected_as_busy() {
        FakeWorld withRule = anna(ForwardingRule.busy(DESK)).busy("anna");
        FakeWorld without = anna().busy("anna");

        assertThat(target(call(withRule, WEDNESDAY_10_BERLIN))).isEqualTo(DESK.value());
        assertThat(call(without, WEDNESDAY_10_BERLIN).steps()).containsExactly(new HangUp(HangUpReason.BUSY,
                "user:anna is busy and no BUSY rule applies"));
    }

    @Test
    void immediate_wins_over_simultaneous_not_reachable_and_no_answer() {
        FakeWorld world = anna(ForwardingRule.noAnswer(10, DESK), ForwardingRule.notReachable(DESK),
                ForwardingRule.simultaneous("sip:extra@x.example"), ForwardingRule.immediate(MOBILE))
                .unregistered("anna");

        assertThat(call(world, WEDNESDAY_10_BERLIN).steps()).singleElement().isEqualTo(new Forward(MOBILE.value(),
                "user:anna: rule IMMEDIATE to sip:+491701234@gw.example (always)"));
    }

    @Test
    void within_a_kind_the_first_applicable_rule_in_list_order_wins() {
        Destination morning = Destination.number("sip:morning@x.example");
        Destination afternoon = Destination.number("sip:afternoon@x.example");
        FakeWorld world = anna(
                ForwardingRule.noAnswer(15, morning).when(RuleSchedule.during(TimeRange.of("06:00", "12:00"))),
                ForwardingRule.noAnswer(60, afternoon),
                ForwardingRule.noAnswer(90, DESK));

        RoutingPlan am = call(world, WEDNESDAY_10_BERLIN);
        RoutingPlan pm = call(world, WEDNESDAY_14_BERLIN);

        assertThat(am.rings().get(0).timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(target(am.last())).isEqualTo(morning.value());
        assertThat(pm.rings().get(0).timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(target(pm.last())).isEqualTo(afternoon.value());
    }

    @Test
    void no_answer_forwarding_to_another_user_rings_that_user_with_their_own_rules() {
        FakeWorld world = anna(ForwardingRule.noAnswer(20, Destination.user("ben")))
                .with(UserProfile.of("ben", BERLIN, ForwardingRule.simultaneous("sip:ben-mobile@x.example"),
                        ForwardingRule.noAnswer(30, Destination.group("desk"))))
                .withUsers("cleo")
                .with(RingGroup.of("desk", RingStrategy.PARALLEL, BERLIN, List.of(GroupMember.of("cleo", 0))));

        RoutingPlan plan = call(world, WEDNESDAY_10_BERLIN);

        assertThat(plan.rings()).extracting(r -> r.targets().stream().map(RingTarget::describe).toList())
                .containsExactly(List.of("user:anna"), List.of("user:ben", "sip:ben-mobile@x.example"),
                        List.of("user:cleo"));
        assertThat(plan.last()).isEqualTo(new HangUp(HangUpReason.NO_ANSWER, "group:desk: nobody answered in 60 s"));
        assertThat(plan.describe()).contains("user:anna did not answer in 20 s;");
    }

    private static String target(RoutingPlan plan) {
        return target(plan.first());
    }

    private static String target(RoutingStep step) {
        return switch (step) {
            case Forward f -> f.uri();
            case Ring r -> r.targets().get(0).describe();
            default -> step.describe();
        };
    }
}
