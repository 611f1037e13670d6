package org.openintercom.cloud.calls.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openintercom.cloud.calls.routing.FakeWorld.BERLIN;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingConfigValidationTest {

    private static final Destination MOBILE = Destination.number("sip:+491701234@gw.example");

    private static List<ForwardingRule> rules(int n) {
        return IntStream.range(0, n).mapToObj(i -> ForwardingRule.immediate(MOBILE)
                .when(RuleSchedule.always().onDates(java.time.LocalDate.of(2026, 1, 1).plusDays(i)))).toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 45, 90})
    void no_answer_seconds_from_10_to_90_are_accepted(int seconds) {
        assertThat(UserProfile.of("anna", BERLIN, ForwardingRule.noAnswer(seconds, MOBILE)).validate()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9, 91})
    void no_answer_seconds_outside_10_to_90_are_refused(int seconds) {
        assertThat(UserProfile.of("anna", BERLIN, ForwardingRule.noAnswer(seconds, MOBILE)).validate())
                .containsExactly("rules[0].noAnswerSeconds: must be 10..90, got " + seconds);
    }

    @Test
    void twenty_rules_are_accepted_and_twenty_one_refused() {
        assertThat(UserProfile.of("anna", BERLIN).withRules(rules(20)).validate()).isEmpty();
        UserProfile tooMany = UserProfile.of("anna", BERLIN).withRules(rules(21));

        assertThat(tooMany.validate()).containsExactly("rules[20]: at most 20 rules per user, got 21");
        assertThatThrownBy(tooMany::requireValid).isInstanceOf(InvalidRoutingConfigException.class)
                .hasMessage("user 'anna' is invalid: rules[20]: at most 20 rules per user, got 21");
    }

    @Test
    void every_problem_of_a_user_is_reported_with_its_path() {
        List<ForwardingRule> bad = new ArrayList<>();
        bad.add(ForwardingRule.immediate(null));
        bad.add(ForwardingRule.simultaneous());
        bad.add(ForwardingRule.simultaneous("sip:ok@x.example", "0301234"));
        bad.add(ForwardingRule.busy(Destination.user("anna")));
        bad.add(ForwardingRule.notReachable(new Destination(Destination.Type.GROUP, " ")));
        bad.add(new ForwardingRule(null, MOBILE, null, 0, null));
        bad.add(ForwardingRule.immediate(MOBILE).when(new RuleSchedule(null, null,
                List.of(DatePeriod.of("2026-08-14", "2026-08-01")), List.of(TimeRange.of("12:00", "08:00")))));
        UserProfile user = new UserProfile("anna", "Anna", null, false, bad);

        assertThat(user.validate()).containsExactly(
                "zone: required (e.g. Europe/Berlin)",
                "rules[0].forwardTo: required for IMMEDIATE",
                "rules[1].numbers: at least one number is required for SIMULTANEOUS",
                "rules[2].numbers[1]: '0301234' is not a sip:, sips: or tel: URI",
                "rules[3].forwardTo: forwards to the user itself",
                "rules[4].forwardTo.value: required",
                "rules[5].kind: required (IMMEDIATE, BUSY, SIMULTANEOUS, NOT_REACHABLE or NO_ANSWER)",
                "rules[6].when.periods[0]: 2026-08-14 to 2026-08-01 ends before it starts",
                "rules[6].when.times[0]: 12:00-08:00 ends before it starts (ranges may not cross midnight;"
                        + " split them, an end of 00:00 means midnight)");
    }

    @Test
    void every_problem_of_a_group_is_reported_with_its_path() {
        RingGroup group = new RingGroup(" ", "Lobby", RingStrategy.PRIORITY,
                List.of(GroupMember.of("a", 0), GroupMember.of("b", 1), GroupMember.of("a", 2),
                        GroupMember.of("c", -1), GroupMember.of("", 0)),
                4, 700, true, BERLIN, null,
                GroupAction.forwardTo(null), new GroupAction(GroupAction.Kind.PLAY_MESSAGE, null, ""),
                101, GroupAction.forwardTo(Destination.number("not-a-uri")));

        assertThat(group.validate()).containsExactly(
                "id: required",
                "members[2].userId: 'a' is already a member",
                "members[3].priority: must be >= 0, got -1",
                "members[4].userId: required",
                "advanceSeconds: must be 5..120, got 4",
                "noAnswerSeconds: must be 5..600 (or 0: no cap), got 700",
                "maxQueue: must be 0..100, got 101",
                "whenClosed.forwardTo: required for FORWARD",
                "onNoAnswer.message: required for PLAY_MESSAGE",
                "whenQueueFull.forwardTo.value: 'not-a-uri' is not a sip:, sips: or tel: URI");
    }

    @Test
    void advance_time_limits_are_5_and_120_seconds_and_parallel_groups_need_a_no_answer_time() {
        RingGroup seq = RingGroup.of("g", RingStrategy.RANDOM, BERLIN, List.of(GroupMember.of("a", 0)));

        assertThat(seq.withTiming(5, 0).validate()).isEmpty();
        assertThat(seq.withTiming(120, 600).validate()).isEmpty();
        assertThat(seq.withTiming(121, 0).validate()).containsExactly("advanceSeconds: must be 5..120, got 121");
        assertThat(RingGroup.of("p", RingStrategy.PARALLEL, BERLIN, List.of()).withTiming(0, 0).validate())
                .containsExactly("noAnswerSeconds: must be 5..600, got 0");
        assertThat(new RingGroup("g", null, null, null, 20, 60, false, null, null, null, null, 0, null).validate())
                .containsExactly("strategy: required (PARALLEL, PRIORITY, LEAST_CALLED or RANDOM)",
                        "zone: required (e.g. Europe/Berlin)");
    }

    @Test
    void callable_uris_are_sip_sips_or_tel() {
        assertThat(Destination.isCallableUri("sip:alice@example.com")).isTrue();
        assertThat(Destination.isCallableUri("sips:+4930123@gw.example;user=phone")).isTrue();
        assertThat(Destination.isCallableUri("tel:+49-30-123")).isTrue();
        assertThat(Destination.isCallableUri("http://example.com")).isFalse();
        assertThat(Destination.isCallableUri("sip:has space@x")).isFalse();
    }
}
