package org.openintercom.cloud.calls.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openintercom.cloud.calls.routing.FakeWorld.BERLIN;
import static org.openintercom.cloud.calls.routing.FakeWorld.WEDNESDAY_10_BERLIN;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openintercom.cloud.calls.routing.RoutingStep.HangUp;
import org.openintercom.cloud.calls.routing.RoutingStep.Ring;

class RingGroupRoutingTest {

    private static List<GroupMember> members(int n) {
        return IntStream.range(0, n).mapToObj(i -> GroupMember.of("u" + i, 0)).toList();
    }

    private static String[] userIds(int n) {
        return IntStream.range(0, n).mapToObj(i -> "u" + i).toArray(String[]::new);
    }

    private static List<String> rung(Ring ring) {
        return ring.targets().stream().map(RingTarget::describe).toList();
    }

    @Test
    void parallel_group_of_32_rings_everyone_in_one_step_with_early_media_then_no_answer_action() {
        FakeWorld world = new FakeWorld().withUsers(userIds(32))
                .with(RingGroup.of("lobby", RingStrategy.PARALLEL, BERLIN, members(32))
                        .withNoAnswer(GroupAction.playMessage("nobody-home")));

        RoutingPlan plan = world.call(Destination.group("lobby"), WEDNESDAY_10_BERLIN);

        assertThat(plan.steps()).hasSize(2);
        Ring ring = (Ring) plan.first();
        assertThat(ring.targets()).hasSize(32).startsWith(RingTarget.user("u0")).endsWith(RingTarget.user("u31"));
        assertThat(ring.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(ring.earlyMedia()).isTrue();
        assertThat(plan.last()).isEqualTo(new RoutingStep.PlayMessage("nobody-home",
                "group:lobby: nobody answered in 60 s"));
        assertThat(plan.describe()).contains("1. ring user:u0, user:u1").contains("2. play message 'nobody-home'");
    }

    @Test
    void parallel_group_of_33_is_refused() {
        RingGroup group = RingGroup.of("lobby", RingStrategy.PARALLEL, BERLIN, members(33));

        assertThat(group.validate()).containsExactly("members: at most 32 members in a PARALLEL group, got 33");
        assertThatThrownBy(group::requireValid).isInstanceOf(InvalidRoutingConfigException.class)
                .hasMessageContaining("ring group 'lobby' is invalid").hasMessageContaining("at most 32 members");
    }

    @Test
    void sequential_by_priority_rings_lowest_priority_first_each_for_the_advance_time() {
        FakeWorld world = new FakeWorld().withUsers("anna", "ben", "cleo")
                .with(RingGroup.of("desk", RingStrategy.PRIORITY, BERLIN, List.of(GroupMember.of("anna", 2),
                        GroupMember.of("ben", 0), GroupMember.of("cleo", 1))).withTiming(15, 0)
                        .withNoAnswer(GroupAction.forwardTo(Destination.number("sip:+4930123@gw.example"))));

        RoutingPlan plan = world.call(Destination.group("desk"), WEDNESDAY_10_BERLIN);

        assertThat(plan.rings()).extracting(r -> rung(r).get(0)).containsExactly("user:ben", "user:cleo", "user:anna");
        assertThat(plan.rings()).allSatisfy(r -> assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(15)));
        assertThat(plan.rings().get(0).describe()).contains("PRIORITY 1/3: user:ben (priority 0)");
        assertThat(plan.last()).isInstanceOf(RoutingStep.Forward.class);
        assertThat(((RoutingStep.Forward) plan.last()).uri()).isEqualTo("sip:+4930123@gw.example");
    }

    @Test
    void the_plan_describes_itself_for_call_history() {
        FakeWorld world = new FakeWorld().withUsers("a", "b", "c").unregistered("c")
                .with(RingGroup.of("desk", RingStrategy.PRIORITY, BERLIN, members3()).withTiming(15, 0)
                        .withNoAnswer(GroupAction.playMessage("try-later")));

        assertThat(world.call(Destination.group("desk"), WEDNESDAY_10_BERLIN).describe()).isEqualTo("""
                call call-1 to group:desk at 2026-11-25T09:00:00Z:
                  1. ring user:a for 15 s (early media) — group:desk PRIORITY 1/2: user:a (priority 0); \
                skipped: user:c not registered, skipped
                  2. ring user:b for 15 s (early media) — group:desk PRIORITY 2/2: user:b (priority 1)
                  3. play message 'try-later' and hang up — group:desk: nobody answered""");
    }

    @Test
    void equal_priorities_keep_list_order() {
        FakeWorld world = new FakeWorld().withUsers("a", "b", "c")
                .with(RingGroup.of("g", RingStrategy.PRIORITY, BERLIN, List.of(GroupMember.of("a", 1),
                        GroupMember.of("b", 0), GroupMember.of("c", 1))));

        assertThat(world.call(Destination.group("g"), WEDNESDAY_10_BERLIN).rings())
                .extracting(r -> rung(r).get(0)).containsExactly("user:b", "user:a", "user:c");
    }

    @Test
    void sequential_total_is_capped_by_the_no_answer_time() {
        FakeWorld world = new FakeWorld().withUsers("a", "b", "c")
                .with(RingGroup.of("g", RingStrategy.PRIORITY, BERLIN, members3()).withTiming(20, 50));

        RoutingPlan plan = world.call(Destination.group("g"), WEDNESDAY_10_BERLIN);

        assertThat(plan.rings()).extracting(Ring::timeout)
                .containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(10));
        assertThat(plan.last()).isEqualTo(new HangUp(HangUpReason.NO_ANSWER, "group:g: nobody answered within 50 s"));
    }

    @Test
    void least_called_rings_the_member_with_fewest_calls_of_the_groups_local_day_first() {
        // 23:30 UTC on Wednesday is already Thursday in Berlin: the counts of Thursday decide.
        LocalDate thursday = LocalDate.parse("2026-11-26");
        FakeWorld world = new FakeWorld().withUsers("a", "b", "c")
                .with(RingGroup.of("g", RingStrategy.LEAST_CALLED, BERLIN, List.of(GroupMember.of("a", 0),
                        GroupMember.of("b", 1), GroupMember.of("c", 2))))
                .calls("g", "a", thursday, 5).calls("g", "b", thursday, 1).calls("g", "c", thursday, 1)
                .calls("g", "b", thursday.minusDays(1), 99);

        RoutingPlan plan = world.call(Destination.group("g"), java.time.Instant.parse("2026-11-25T23:30:00Z"));

        assertThat(plan.rings()).extracting(r -> rung(r).get(0)).containsExactly("user:b", "user:c", "user:a");
        assertThat(plan.rings().get(0).describe()).contains("(1 calls today)");
    }

    @Test
    void random_order_is_reproducible_with_a_seed_and_covers_every_member() {
        FakeWorld world = new FakeWorld().withUsers(userIds(6))
                .with(RingGroup.of("g", RingStrategy.RANDOM, BERLIN, members(6)));

        world.router = new CallRouter(new SplittableRandom(7));
        List<String> first = world.call(Destination.group("g"), WEDNESDAY_10_BERLIN).rings().stream()
                .map(r -> rung(r).get(0)).toList();
        world.router = new CallRouter(new SplittableRandom(7));
        List<String> again = world.call(Destination.group("g"), WEDNESDAY_10_BERLIN).rings().stream()
                .map(r -> rung(r).get(0)).toList();
        List<List<String>> orders = IntStream.range(0, 20).mapToObj(seed -> {
            world.router = new CallRouter(new SplittableRandom(seed));
            return world.call(Destination.group("g"), WEDNESDAY_10_BERLIN).rings().stream()
                    .map(r -> rung(r).get(0)).toList();
        }).distinct().toList();

        assertThat(first).isEqualTo(again).containsExactlyInAnyOrder(
                "user:u0", "user:u1", "user:u2", "user:u3", "user:u4", "user:u5");
        assertThat(orders).hasSizeGreaterThan(10);
    }

    @Test
    void members_expand_through_their_own_rules() {
        FakeWorld world = new FakeWorld().withUsers("plain", "away")
                .with(UserProfile.of("fwd", BERLIN, ForwardingRule.immediate(Destination.number("sip:mobile@x.example"))))
                .with(UserProfile.of("dnd", BERLIN).withDoNotDisturb(true))
                .with(UserProfile.of("sim", BERLIN, ForwardingRule.simultaneous("sip:desk2@x.example")))
                .with(UserProfile.of("tousr", BERLIN, ForwardingRule.immediate(Destination.user("plain"))))
                .with(UserProfile.of("togrp", BERLIN, ForwardingRule.immediate(Destination.group("other"))))
                .with(UserProfile.of("gone", BERLIN, ForwardingRule.notReachable(Destination.number("tel:+4930555"))))
                .unregistered("away", "gone")
                .with(RingGroup.of("g", RingStrategy.PARALLEL, BERLIN, List.of(GroupMember.of("plain", 0),
                        GroupMember.of("fwd", 0), GroupMember.of("dnd", 0), GroupMember.of("sim", 0),
                        GroupMember.of("tousr", 0), GroupMember.of("togrp", 0), GroupMember.of("away", 0),
                        GroupMember.of("gone", 0))));

        RoutingPlan plan = world.call(Destination.group("g"), WEDNESDAY_10_BERLIN);

        Ring ring = (Ring) plan.first();
        assertThat(rung(ring)).containsExactly("user:plain", "sip:mobile@x.example", "user:sim", "sip:desk2@x.example",
                "tel:+4930555");
        assertThat(ring.why()).contains("user:dnd do-not-disturb, skipped", "user:away not registered, skipped",
                "user:togrp forwards immediately to group:other (groups are not followed inside a group), skipped",
                "user:tousr forwards immediately to user:plain");
    }

    @Test
    void sequential_group_rings_a_forwarded_member_target_in_its_turn_and_skips_busy_members() {
        FakeWorld world = new FakeWorld().withUsers("a", "c")
                .with(UserProfile.of("b", BERLIN, ForwardingRule.immediate(Destination.number("sip:b-mobile@x.example"))))
                .busy("c")
                .with(RingGroup.of("g", RingStrategy.PRIORITY, BERLIN, members3()).withTiming(10, 0));

        RoutingPlan plan = world.call(Destination.group("g"), WEDNESDAY_10_BERLIN);

        assertThat(plan.rings()).extracting(r -> rung(r).get(0)).containsExactly("user:a", "sip:b-mobile@x.example");
        assertThat(plan.rings().get(0).why()).contains("skipped: user:c busy");
    }

    @Test
    void group_where_nobody_can_be_rung_and_nobody_is_busy_takes_the_no_answer_action_at_once() {
        FakeWorld world = new FakeWorld().withUsers("a", "b", "c").unregistered("a", "b", "c")
                .with(RingGroup.of("g", RingStrategy.PARALLEL, BERLIN, members3())
                        .withNoAnswer(GroupAction.forwardTo(Destination.user("boss"))))
                .withUsers("boss");

        RoutingPlan plan = world.call(Destination.group("g"), WEDNESDAY_10_BERLIN);

        assertThat(plan.steps()).hasSize(2);
        assertThat(rung((Ring) plan.first())).containsExactly("user:boss");
        assertThat(plan.first().why()).isEqualTo("group:g: no member can be rung (user:a not registered, skipped,"
                + " user:b not registered, skipped, user:c not registered, skipped); forward to user:boss"
                + " → user:boss; no NO_ANSWER rule applies");
        assertThat(plan.last()).isEqualTo(new HangUp(HangUpReason.NO_ANSWER, "user:boss did not answer in 30 s"));
    }

    @Test
    void unknown_group_or_user_hangs_up_with_unknown_target() {
        FakeWorld world = new FakeWorld();

        assertThat(world.call(Destination.group("nope"), WEDNESDAY_10_BERLIN).last())
                .isEqualTo(new HangUp(HangUpReason.UNKNOWN_TARGET, "call to group:nope: no group 'nope'"));
        assertThat(((HangUp) world.call(Destination.user("nobody"), WEDNESDAY_10_BERLIN).last()).reason())
                .isEqualTo(HangUpReason.UNKNOWN_TARGET);
    }

    @Test
    void calling_a_number_forwards_to_it() {
        assertThat(new FakeWorld().call(Destination.number("sip:front@door.example"), WEDNESDAY_10_BERLIN).steps())
                .containsExactly(new RoutingStep.Forward("sip:front@door.example", "call to sip:front@door.example"));
    }

    static List<GroupMember> members3() {
        return List.of(GroupMember.of("a", 0), GroupMember.of("b", 1), GroupMember.of("c", 2));
    }
}
