package org.openintercom.cloud.calls.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openintercom.cloud.calls.routing.FakeWorld.BERLIN;
import static org.openintercom.cloud.calls.routing.FakeWorld.WEDNESDAY_10_BERLIN;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openintercom.cloud.calls.routing.RoutingStep.HangUp;
import org.openintercom.cloud.calls.routing.RoutingStep.Queue;

class CallQueueTest {

    @Test
    void callers_get_positions_in_arrival_order_and_the_queue_refuses_beyond_its_size() {
        CallQueue q = new CallQueue("g", 3);

        assertThat(q.offer("a")).hasValue(1);
        assertThat(q.offer("b")).hasValue(2);
        assertThat(q.offer("a")).as("offering again keeps the place").hasValue(1);
        assertThat(q.offer("c")).hasValue(3);
        assertThat(q.isFull()).isTrue();
        assertThat(q.offer("d")).isEmpty();
        assertThat(q.position("c")).hasValue(3);
        assertThat(q.position("d")).isEmpty();
    }

    @Test
    void removing_a_caller_moves_the_ones_behind_forward_and_dequeue_serves_the_first() {
        CallQueue q = new CallQueue("g", 5);
        List.of("a", "b", "c", "d").forEach(q::offer);

        assertThat(q.remove("b")).isTrue();
        assertThat(q.remove("b")).isFalse();
        assertThat(q.position("c")).hasValue(2);
        assertThat(q.peekNext()).contains("a");
        assertThat(q.dequeueNext()).contains("a");
        assertThat(q.snapshot()).containsExactly("c", "d");
        assertThat(q.position("d")).hasValue(2);
        q.dequeueNext();
        q.dequeueNext();
        assertThat(q.dequeueNext()).isEmpty();
        assertThat(q.size()).isZero();
    }

    @Test
    void concurrent_callers_never_exceed_the_size_and_get_distinct_positions() throws Exception {
        CallQueue q = new CallQueue("g", 50);
        ConcurrentLinkedQueue<Integer> positions = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                pool.execute(() -> {
                    await(start);
                    for (int i = 0; i < 25; i++) {
                        String call = "t" + thread + "-" + i;
                        OptionalInt p = q.offer(call);
                        if (p.isPresent()) {
                            positions.add(p.getAsInt());
                        } else {
                            refused.add(call);
                        }
                    }
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }

        assertThat(positions).hasSize(50).doesNotHaveDuplicates().allMatch(p -> p >= 1 && p <= 50);
        assertThat(refused).hasSize(150);
        List<String> order = q.snapshot();
        for (String call : order) {
            // FIFO per thread: a thread's calls are queued in the order it offered them
            String thread = call.substring(0, call.indexOf('-'));
            List<Integer> mine = order.stream().filter(c -> c.startsWith(thread + "-"))
                    .map(c -> Integer.parseInt(c.substring(c.indexOf('-') + 1))).toList();
            List<Integer> sorted = new ArrayList<>(mine);
            Collections.sort(sorted);
            assertThat(mine).isEqualTo(sorted);
        }
    }

    @Test
    void concurrent_dequeues_hand_out_each_caller_once_in_order() throws Exception {
        CallQueue q = new CallQueue("g", 100);
        for (int i = 0; i < 100; i++) {
            q.offer("c" + i);
        }
        ConcurrentLinkedQueue<String> served = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int t = 0; t < 4; t++) {
                pool.execute(() -> {
                    while (true) {
                        var next = q.dequeueNext();
                        if (next.isEmpty()) {
                            return;
                        }
                        served.add(next.get());
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }

        assertThat(served).hasSize(100).doesNotHaveDuplicates();
        assertThat(q.size()).isZero();
    }

    @Test
    void a_group_whose_members_are_all_busy_queues_callers_and_then_applies_the_queue_full_action() {
        FakeWorld world = new FakeWorld().withUsers("a", "b").busy("a", "b")
                .with(RingGroup.of("g", RingStrategy.PARALLEL, BERLIN,
                                List.of(GroupMember.of("a", 0), GroupMember.of("b", 0)))
                        .withQueue(2, GroupAction.playMessage("all-busy")));

        RoutingPlan first = world.call("c1", Destination.group("g"), WEDNESDAY_10_BERLIN);
        RoutingPlan second = world.call("c2", Destination.group("g"), WEDNESDAY_10_BERLIN);
        RoutingPlan third = world.call("c3", Destination.group("g"), WEDNESDAY_10_BERLIN);

        assertThat(first.steps()).singleElement().isInstanceOfSatisfying(Queue.class, s -> {
            assertThat(s.position()).isEqualTo(1);
            assertThat(s.why()).isEqualTo("group:g: every member busy or unavailable (user:a busy, user:b busy)");
        });
        assertThat(((Queue) second.first()).position()).isEqualTo(2);
        assertThat(third.steps()).containsExactly(new RoutingStep.PlayMessage("all-busy",
                "group:g: every member busy or unavailable (user:a busy, user:b busy); queue full (2 of 2)"));
    }

    @Test
    void a_group_without_a_queue_hangs_up_with_queue_full_when_everyone_is_busy() {
        FakeWorld world = new FakeWorld().withUsers("a").busy("a")
                .with(RingGroup.of("g", RingStrategy.PRIORITY, BERLIN, List.of(GroupMember.of("a", 0))));

        assertThat(((HangUp) world.call(Destination.group("g"), WEDNESDAY_10_BERLIN).last()).reason())
                .isEqualTo(HangUpReason.QUEUE_FULL);
    }

    @Test
    void a_queued_caller_is_rung_and_dequeued_when_a_member_is_free_and_new_callers_do_not_overtake() {
        FakeWorld world = new FakeWorld().withUsers("a", "b").busy("a", "b")
                .with(RingGroup.of("g", RingStrategy.PARALLEL, BERLIN,
                                List.of(GroupMember.of("a", 0), GroupMember.of("b", 0)))
                        .withQueue(5, null));
        world.call("c1", Destination.group("g"), WEDNESDAY_10_BERLIN);
        world.call("c2", Destination.group("g"), WEDNESDAY_10_BERLIN);
        CallQueue queue = world.queues.of(world.groups.get("g"));

        world.busy.remove("a");
        RoutingPlan newcomer = world.call("c3", Destination.group("g"), WEDNESDAY_10_BERLIN);
        RoutingPlan second = world.call("c2", Destination.group("g"), WEDNESDAY_10_BERLIN);
        RoutingPlan head = world.call(queue.peekNext().orElseThrow(), Destination.group("g"), WEDNESDAY_10_BERLIN);

        assertThat(newcomer.steps()).containsExactly(new Queue("g", 3, "group:g: 2 caller(s) waiting ahead"));
        assertThat(second.steps()).containsExactly(new Queue("g", 2, "group:g: 1 caller(s) waiting ahead"));
        assertThat(head.callId()).isEqualTo("c1");
        assertThat(head.first()).isInstanceOfSatisfying(RoutingStep.Ring.class,
                r -> assertThat(r.targets()).containsExactly(RingTarget.user("a")));
        assertThat(queue.snapshot()).containsExactly("c2", "c3");
    }

    @Test
    void concurrent_calls_to_a_busy_group_fill_the_queue_exactly_and_the_rest_are_forwarded() throws Exception {
        FakeWorld world = new FakeWorld().withUsers("a").busy("a")
                .with(RingGroup.of("g", RingStrategy.PARALLEL, BERLIN, List.of(GroupMember.of("a", 0)))
                        .withQueue(10, GroupAction.forwardTo(Destination.number("sip:overflow@x.example"))));
        ConcurrentLinkedQueue<RoutingPlan> plans = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int t = 0; t < 6; t++) {
                int thread = t;
                pool.execute(() -> {
                    await(start);
                    for (int i = 0; i < 10; i++) {
                        plans.add(world.call("t" + thread + "-" + i, Destination.group("g"), WEDNESDAY_10_BERLIN));
                    }
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }

        List<Integer> positions = plans.stream().map(RoutingPlan::last).filter(Queue.class::isInstance)
                .map(q -> ((Queue) q).position()).toList();
        assertThat(positions).hasSize(10).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(plans).hasSize(60).filteredOn(p -> p.last() instanceof RoutingStep.Forward).hasSize(50)
                .allSatisfy(p -> assertThat(((RoutingStep.Forward) p.last()).why())
                        .endsWith("queue full (10 of 10); forward to sip:overflow@x.example"));
    }

    @Test
    void call_queues_keep_one_queue_per_group_and_resize_only_when_empty() {
        CallQueues queues = new CallQueues();
        RingGroup g = RingGroup.of("g", RingStrategy.PARALLEL, BERLIN, List.of()).withQueue(2, null);

        CallQueue q = queues.of(g);
        q.offer("c1");

        assertThat(queues.of(g)).isSameAs(q);
        assertThat(queues.of(g.withQueue(5, null))).as("kept while callers wait").isSameAs(q);
        q.remove("c1");
        assertThat(queues.of(g.withQueue(5, null)).maxSize()).isEqualTo(5);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
