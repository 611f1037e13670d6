package org.openintercom.cloud.calls.routing;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One step of a {@link RoutingPlan}. Only {@link Ring} can fail over: when it ends unanswered (its timeout, or every
 * target rejected or failed) the relay goes on with the next step. Every other step ends the plan.
 * Each step's {@code why} says which rule or setting produced it; {@link #describe()} is a one-line summary for
 * call history and logs.
 */
public sealed interface RoutingStep {

    /** Why this step is in the plan (the rule, member or setting that produced it). */
    String why();

    /** One line: what the relay does, and why. */
    String describe();

    /** Ring all {@code targets} at once for {@code timeout}; the first to answer takes the call. */
    record Ring(List<RingTarget> targets, Duration timeout, boolean earlyMedia, String why) implements RoutingStep {
        public Ring {
            targets = List.copyOf(targets);
        }

        @Override
        public String describe() {
            return "ring " + targets.stream().map(RingTarget::describe).collect(Collectors.joining(", "))
                    + " for " + timeout.toSeconds() + " s" + (earlyMedia ? " (early media)" : "") + " — " + why;
        }
    }

    /** Hand the call to a number (a SIP or tel URI) for good; what happens there is no longer ours. */
    record Forward(String uri, String why) implements RoutingStep {
        @Override
        public String describe() {
            return "forward to " + uri + " — " + why;
        }
    }

    /** Play a message (an id or name the relay resolves to audio), then hang up. */
    record PlayMessage(String message, String why) implements RoutingStep {
        @Override
        public String describe() {
            return "play message '" + message + "' and hang up — " + why;
        }
    }

    /** End the call with a reason. */
    record HangUp(HangUpReason reason, String why) implements RoutingStep {
        @Override
        public String describe() {
            return "hang up (" + reason + ") — " + why;
        }
    }

    /**
     * The call waits in the group's queue at {@code position} (1: next); the relay announces the position, keeps the
     * caller on hold, and routes the call again when a member becomes free (see {@link CallQueue}).
     */
    record Queue(String groupId, int position, String why) implements RoutingStep {
        @Override
        public String describe() {
            return "queue in group:" + groupId + " at position " + position + " — " + why;
        }
    }
}
