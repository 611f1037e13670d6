package org.openintercom.cloud.calls.routing;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to a call: turns a {@link CallRequest} and the relay's {@link RoutingContext} into a
 * {@link RoutingPlan}. Stateless apart from the random generator (used by {@link RingStrategy#RANDOM}) and the
 * group queues, which the context owns; safe to share between threads when the generator is.
 *
 * <p>A user's rules, evaluated on the user's wall clock, take precedence in this order:
 * <ol>
 * <li>do-not-disturb: the user is not rung; the first applicable BUSY rule forwards, else the call is rejected
 *     ({@link HangUpReason#DO_NOT_DISTURB});</li>
 * <li>IMMEDIATE: forward without ringing the user;</li>
 * <li>the user is busy: the first applicable BUSY rule forwards, else {@link HangUpReason#BUSY};</li>
 * <li>SIMULTANEOUS: its numbers ring together with the user (alone if the user is not registered);</li>
 * <li>NOT_REACHABLE: the user has no registered contact (and no SIMULTANEOUS rule applies): forward, else
 *     {@link HangUpReason#NOT_REACHABLE};</li>
 * <li>NO_ANSWER: the user rings for the rule's seconds (else {@link UserProfile#DEFAULT_RING_SECONDS}), then
 *     forward, else {@link HangUpReason#NO_ANSWER}.</li>
 * </ol>
 * Within a kind the first rule in list order whose schedule applies wins.
 *
 * <p>Forwarding to users and groups is followed into the plan; coming back to a user or group already on the path
 * ends the plan with {@link HangUpReason#FORWARD_LOOP}, more than {@link #MAX_FORWARD_DEPTH} hops with
 * {@link HangUpReason#FORWARD_TOO_DEEP}.
 */
public final class CallRouter {

    /** The most forwarding hops (user or group to user or group) one call follows. */
    public static final int MAX_FORWARD_DEPTH = 5;

    private static final Logger LOG = LoggerFactory.getLogger(CallRouter.class);

    private final RandomGenerator random;

    /** {@code random} orders RANDOM groups; pass a seeded one in tests. */
    public CallRouter(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A router with the JDK's default random generator. */
    public CallRouter() {
        this(RandomGenerator.getDefault());
    }

    /**
     * The plan for {@code request}. May change the target group's queue: a call that has to wait is offered to it,
     * and a queued call that can now ring is taken out of it.
     */
    public RoutingPlan route(CallRequest request, RoutingContext context) {
        Objects.requireNonNull(request.target(), "call target");
        Objects.requireNonNull(request.at(), "call instant");
        Planner planner = new Planner(request, context, random);
        planner.route(request.target(), java.util.List.of(), "call to " + request.target().describe());
        RoutingPlan plan = new RoutingPlan(request.callId(), request.target(), request.at(), planner.steps());
        LOG.debug("{}", plan.describe());
        return plan;
    }
}
