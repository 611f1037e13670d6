package org.openintercom.cloud.calls.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openintercom.cloud.calls.routing.FakeWorld.BERLIN;
import static org.openintercom.cloud.calls.routing.FakeWorld.WEDNESDAY_10_BERLIN;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openintercom.cloud.calls.routing.RoutingStep.HangUp;
import org.openintercom.cloud.calls.routing.RoutingStep.Ring;

class ForwardLoopTest {

    private static RingGroup closedGroup(String id, Destination whenClosed) {
        return RingGroup.of(id, RingStrategy.PARALLEL, BERLIN, List.of(GroupMember.of("x", 0)))
                .withOpeningHours(OpeningHours.on(EnumSet.noneOf(DayOfWeek.class)), GroupAction.forwardTo(whenClosed));
    }

    @Test
    void two_closed_groups_forwarding_to_each_other_end_with_a_forward_loop() {
        FakeWorld world = new FakeWorld()
                .with(closedGroup("a", Destination.group("b")))
                .with(closedGroup("b", Destination.group("a")));

        RoutingPlan plan = world.call(Destination.group("a"), WEDNESDAY_10_BERLIN);

        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(HangUp.class, h -> {
            assertThat(h.reason()).isEqualTo(HangUpReason.FORWARD_LOOP);
            assertThat(h.why()).isEqualTo("group:a closed: outside opening hours (WEDNESDAY 10:00 Europe/Berlin);"
                    + " forward to group:b → group:b closed: outside opening hours (WEDNESDAY 10:00 Europe/Berlin);"
                    + " forward to group:a; forward loop: group:a → group:b → group:a");
        });
    }

    @Test
    void users_forwarding_immediately_in_a_circle_end_with_a_forward_loop() {
        FakeWorld world = new FakeWorld()
                .with(UserProfile.of("a", BERLIN, ForwardingRule.immediate(Destination.user("b"))))
                .with(UserProfile.of("b", BERLIN, ForwardingRule.immediate(Destination.user("c"))))
                .with(UserProfile.of("c", BERLIN, ForwardingRule.immediate(Destination.user("a"))));

        assertThat(world.call(Destination.user("a"), WEDNESDAY_10_BERLIN).steps()).containsExactly(
                new HangUp(HangUpReason.FORWARD_LOOP, "user:a: rule IMMEDIATE to user:b (always)"
                        + " → user:b: rule IMMEDIATE to user:c (always) → user:c: rule IMMEDIATE to user:a (always);"
                        + " forward loop: user:a → user:b → user:c → user:a"));
    }

    @Test
    void a_no_answer_loop_rings_each_once_then_stops() {
        FakeWorld world = new FakeWorld()
                .with(UserProfile.of("a", BERLIN, ForwardingRule.noAnswer(10, Destination.group("g"))))
                .withUsers("m")
                .with(RingGroup.of("g", RingStrategy.PARALLEL, BERLIN, List.of(GroupMember.of("m", 0)))
                        .withNoAnswer(GroupAction.forwardTo(Destination.user("a"))));

        RoutingPlan plan = world.call(Destination.user("a"), WEDNESDAY_10_BERLIN);

        assertThat(plan.rings()).extracting(r -> r.targets().get(0)).containsExactly(RingTarget.user("a"),
                RingTarget.user("m"));
        assertThat(plan.last()).isInstanceOfSatisfying(HangUp.class, h -> {
            assertThat(h.reason()).isEqualTo(HangUpReason.FORWARD_LOOP);
            assertThat(h.why()).isEqualTo("group:g: nobody answered in 60 s; forward to user:a;"
                    + " forward loop: user:a → group:g → user:a");
        });
    }

    @Test
    void five_forwarding_hops_are_followed_and_the_sixth_is_refused() {
        FakeWorld five = chain(6);
        FakeWorld six = chain(7);

        assertThat(five.call(Destination.user("u0"), WEDNESDAY_10_BERLIN).first()).isInstanceOfSatisfying(Ring.class,
                r -> assertThat(r.targets()).containsExactly(RingTarget.user("u5")));
        assertThat(six.call(Destination.user("u0"), WEDNESDAY_10_BERLIN).steps()).singleElement()
                .isInstanceOfSatisfying(HangUp.class, h -> {
                    assertThat(h.reason()).isEqualTo(HangUpReason.FORWARD_TOO_DEEP);
                    assertThat(h.why()).startsWith("user:u0: rule IMMEDIATE to user:u1 (always) → user:u1:")
                            .endsWith("; more than 5 forwards: user:u0 → user:u1 → user:u2 → user:u3 → user:u4"
                                    + " → user:u5 → user:u6");
                });
    }

    @Test
    void a_group_member_whose_forwards_circle_is_skipped_and_the_others_ring() {
        FakeWorld world = new FakeWorld().withUsers("ok")
                .with(UserProfile.of("p", BERLIN, ForwardingRule.immediate(Destination.user("q"))))
                .with(UserProfile.of("q", BERLIN, ForwardingRule.immediate(Destination.user("p"))))
                .with(RingGroup.of("g", RingStrategy.PARALLEL, BERLIN,
                        List.of(GroupMember.of("p", 0), GroupMember.of("ok", 0))));

        Ring ring = (Ring) world.call(Destination.group("g"), WEDNESDAY_10_BERLIN).first();

        assertThat(ring.targets()).containsExactly(RingTarget.user("ok"));
        assertThat(ring.why()).contains("user:p forwards immediately to user:q; user:q forwards immediately to user:p;"
                + " user:p forward loop, skipped");
    }

    @Test
    void a_group_forwarding_to_itself_is_refused_by_validation() {
        RingGroup g = RingGroup.of("g", RingStrategy.PARALLEL, BERLIN, List.of(GroupMember.of("x", 0)))
                .withNoAnswer(GroupAction.forwardTo(Destination.group("g")));

        assertThat(g.validate()).containsExactly("onNoAnswer.forwardTo: forwards to the group itself");
    }

    /** Users u0..u(n-1), each forwarding immediately to the next; the last one has no rule. */
    private static FakeWorld chain(int n) {
        FakeWorld world = new FakeWorld();
        for (int i = 0; i < n - 1; i++) {
            world.with(UserProfile.of("u" + i, BERLIN, ForwardingRule.immediate(Destination.user("u" + (i + 1)))));
        }
        return world.withUsers("u" + (n - 1));
    }
}
