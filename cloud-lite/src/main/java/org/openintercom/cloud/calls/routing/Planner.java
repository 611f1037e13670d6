package org.openintercom.cloud.calls.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Builds the steps of one call's plan: follows the target (number, user or group) and the forwards it leads to,
 * guarding against loops and deep chains. Users are planned here, groups by {@link GroupPlanner}. One per call.
 */
final class Planner {

    private final CallRequest request;
    private final RoutingContext context;
    private final RandomGenerator random;
    private final List<RoutingStep> steps = new ArrayList<>();
    /** How a forward reached the user or group being planned; put in front of the next step's reason. */
    private String arrivedBecause;

    Planner(CallRequest request, RoutingContext context, RandomGenerator random) {
        this.request = request;
        this.context = context;
        this.random = random;
    }

    List<RoutingStep> steps() {
        return steps;
    }

    CallRequest request() {
        return request;
    }

    RoutingContext context() {
        return context;
    }

    RandomGenerator random() {
        return random;
    }

    void add(RoutingStep step) {
        if (arrivedBecause == null) {
            steps.add(step);
            return;
        }
        String why = arrivedBecause + " → " + step.why();
        arrivedBecause = null;
        steps.add(switch (step) {
            case RoutingStep.Ring r -> new RoutingStep.Ring(r.targets(), r.timeout(), r.earlyMedia(), why);
            case RoutingStep.Forward f -> new RoutingStep.Forward(f.uri(), why);
            case RoutingStep.PlayMessage m -> new RoutingStep.PlayMessage(m.message(), why);
            case RoutingStep.HangUp h -> new RoutingStep.HangUp(h.reason(), why);
            case RoutingStep.Queue q -> new RoutingStep.Queue(q.groupId(), q.position(), why);
        });
    }

    /**
     * Appends the steps for {@code target}; {@code path} holds the users and groups already visited (as
     * {@link Destination#describe()}), {@code why} how the call got here.
     */
    void route(Destination target, List<String> path, String why) {
        String key = target.describe();
        if (target.type() == Destination.Type.NUMBER) {
            add(new RoutingStep.Forward(target.value(), why));
            return;
        }
        if (path.contains(key)) {
            add(new RoutingStep.HangUp(HangUpReason.FORWARD_LOOP, why + "; forward loop: "
                    + String.join(" → ", path) + " → " + key));
            return;
        }
        if (path.size() > CallRouter.MAX_FORWARD_DEPTH) {
            add(new RoutingStep.HangUp(HangUpReason.FORWARD_TOO_DEEP, why + "; more than "
                    + CallRouter.MAX_FORWARD_DEPTH + " forwards: " + String.join(" → ", path) + " → " + key));
            return;
        }
        List<String> next = new ArrayList<>(path);
        next.add(key);
        if (target.type() == Destination.Type.USER) {
            Optional<UserProfile> user = context.user(target.value());
            if (user.isEmpty()) {
                add(new RoutingStep.HangUp(HangUpReason.UNKNOWN_TARGET, why + ": no user '" + target.value() + "'"));
            } else {
                arrive(path, why);
                user(user.get(), List.copyOf(next));
            }
        } else {
            Optional<RingGroup> group = context.group(target.value());
            if (group.isEmpty()) {
                add(new RoutingStep.HangUp(HangUpReason.UNKNOWN_TARGET, why + ": no group '" + target.value() + "'"));
            } else {
                arrive(path, why);
                new GroupPlanner(this, group.get(), List.copyOf(next)).plan();
            }
        }
    }

    /** Notes how a forward reached the next user or group; hops that add no step accumulate. */
    private void arrive(List<String> path, String why) {
        if (!path.isEmpty()) {
            arrivedBecause = arrivedBecause == null ? why : arrivedBecause + " → " + why;
        }
    }

    /** Applies a group's closed, no-answer or queue-full action. */
    void action(GroupAction action, HangUpReason reason, String why, List<String> path) {
        switch (action.kind()) {
            case HANG_UP -> add(new RoutingStep.HangUp(reason, why));
            case FORWARD -> route(action.forwardTo(), path, why + "; forward to " + action.forwardTo().describe());
            case PLAY_MESSAGE -> add(new RoutingStep.PlayMessage(action.message(), why));
        }
    }

    private void user(UserProfile user, List<String> path) {
        String who = "user:" + user.id();
        UserRules rules = UserRules.at(user, request.at());
        Optional<ForwardingRule> busyRule = rules.first(RuleKind.BUSY);
        if (user.doNotDisturb()) {
            busyRule.ifPresentOrElse(
                    r -> route(r.forwardTo(), path, who + " has do-not-disturb on; rule " + r.describe()),
                    () -> add(new RoutingStep.HangUp(HangUpReason.DO_NOT_DISTURB,
                            who + " has do-not-disturb on and no BUSY rule applies")));
            return;
        }
        Optional<ForwardingRule> immediate = rules.first(RuleKind.IMMEDIATE);
        if (immediate.isPresent()) {
            route(immediate.get().forwardTo(), path, who + ": rule " + immediate.get().describe());
            return;
        }
        if (context.isBusy(user.id())) {
            busyRule.ifPresentOrElse(
                    r -> route(r.forwardTo(), path, who + " is busy; rule " + r.describe()),
                    () -> add(new RoutingStep.HangUp(HangUpReason.BUSY, who + " is busy and no BUSY rule applies")));
            return;
        }
        Optional<ForwardingRule> simultaneous = rules.first(RuleKind.SIMULTANEOUS);
        boolean registered = context.isRegistered(user.id());
        if (!registered && simultaneous.isEmpty()) {
            rules.first(RuleKind.NOT_REACHABLE).ifPresentOrElse(
                    r -> route(r.forwardTo(), path, who + " is not registered; rule " + r.describe()),
                    () -> add(new RoutingStep.HangUp(HangUpReason.NOT_REACHABLE,
                            who + " is not registered and no NOT_REACHABLE rule applies")));
            return;
        }
        List<RingTarget> targets = new ArrayList<>();
        if (registered) {
            targets.add(RingTarget.user(user.id()));
        }
        simultaneous.ifPresent(r -> r.numbers().forEach(n -> targets.add(RingTarget.number(n))));
        Optional<ForwardingRule> noAnswer = rules.first(RuleKind.NO_ANSWER);
        int seconds = noAnswer.map(ForwardingRule::noAnswerSeconds).orElse(UserProfile.DEFAULT_RING_SECONDS);
        String ringWhy = who + (registered ? "" : " (not registered)")
                + simultaneous.map(r -> "; rule " + r.describe()).orElse("")
                + noAnswer.map(r -> "; rule " + r.describe()).orElse("; no NO_ANSWER rule applies");
        add(new RoutingStep.Ring(targets, Duration.ofSeconds(seconds), false, ringWhy));
        noAnswer.ifPresentOrElse(
                r -> route(r.forwardTo(), path, who + " did not answer in " + seconds + " s; rule " + r.describe()),
                () -> add(new RoutingStep.HangUp(HangUpReason.NO_ANSWER, who + " did not answer in " + seconds
                        + " s")));
    }
}
