package org.openintercom.cloud.calls.routing;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What the relay does with one call: the steps in order. Every Ring step but the last may fail over to the next
 * step; the last step always ends the plan (forward, message, hang up or queue).
 */
public record RoutingPlan(String callId, Destination target, Instant at, List<RoutingStep> steps) {

    public RoutingPlan {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a routing plan needs at least one step");
        }
    }

    /** The step the relay starts with. */
    public RoutingStep first() {
        return steps.get(0);
    }

    /** The step that ends the plan when nothing before it was answered. */
    public RoutingStep last() {
        return steps.get(steps.size() - 1);
    }

    /** The Ring steps only, in order. */
    public List<RoutingStep.Ring> rings() {
        return steps.stream().filter(RoutingStep.Ring.class::isInstance).map(RoutingStep.Ring.class::cast).toList();
    }

    /** The plan for call history: a heading and one numbered line per step. */
    public String describe() {
        return "call " + callId + " to " + target.describe() + " at " + at + ":\n" + IntStream.range(0, steps.size())
                .mapToObj(i -> "  " + (i + 1) + ". " + steps.get(i).describe()).collect(Collectors.joining("\n"));
    }
}
