package org.openintercom.cloud.calls.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What ringing one group member means, through the member's own rules: the user (plus SIMULTANEOUS numbers), the
 * target of an IMMEDIATE (or, unregistered, NOT_REACHABLE) forward to a number or user, nothing (do-not-disturb,
 * unregistered without a rule, unknown) or busy. Forwards to groups are not followed inside a group: the member
 * is skipped. The group decides what happens on no answer, so members' NO_ANSWER and BUSY rules do not apply.
 */
final class MemberExpander {

    /** One member's outcome: who to ring (empty: skip), whether the member counts as busy, and why. */
    record Expansion(String userId, List<RingTarget> targets, boolean busy, String note) {

        static Expansion skip(String userId, String note) {
            return new Expansion(userId, List.of(), false, note);
        }

        boolean ringable() {
            return !targets.isEmpty();
        }
    }

    private final RoutingContext context;
    private final Instant at;

    MemberExpander(RoutingContext context, Instant at) {
        this.context = context;
        this.at = at;
    }

    Expansion expand(GroupMember member) {
        Optional<UserProfile> user = context.user(member.userId());
        if (user.isEmpty()) {
            return Expansion.skip(member.userId(), "user:" + member.userId() + " unknown, skipped");
        }
        return expand(member.userId(), user.get(), new HashSet<>());
    }

    private Expansion expand(String memberId, UserProfile user, Set<String> visited) {
        String who = "user:" + user.id();
        if (!visited.add(user.id())) {
            return Expansion.skip(memberId, who + " forward loop, skipped");
        }
        if (user.doNotDisturb()) {
            return Expansion.skip(memberId, who + " do-not-disturb, skipped");
        }
        UserRules rules = UserRules.at(user, at);
        Optional<ForwardingRule> immediate = rules.first(RuleKind.IMMEDIATE);
        if (immediate.isPresent()) {
            return follow(memberId, immediate.get(), who + " forwards immediately", visited);
        }
        if (context.isBusy(user.id())) {
            return new Expansion(memberId, List.of(), true, who + " busy");
        }
        Optional<ForwardingRule> simultaneous = rules.first(RuleKind.SIMULTANEOUS);
        boolean registered = context.isRegistered(user.id());
        if (!registered && simultaneous.isEmpty()) {
            return rules.first(RuleKind.NOT_REACHABLE)
                    .map(r -> follow(memberId, r, who + " not registered, forwards", visited))
                    .orElse(Expansion.skip(memberId, who + " not registered, skipped"));
        }
        List<RingTarget> targets = new ArrayList<>();
        if (registered) {
            targets.add(RingTarget.user(user.id()));
        }
        simultaneous.ifPresent(r -> r.numbers().forEach(n -> targets.add(RingTarget.number(n))));
        String note = who + (registered ? "" : " (not registered)")
                + simultaneous.map(r -> " with " + String.join(", ", r.numbers())).orElse("");
        return new Expansion(memberId, targets, false, note);
    }

    private Expansion follow(String memberId, ForwardingRule rule, String note, Set<String> visited) {
        Destination to = rule.forwardTo();
        String text = note + " to " + to.describe();
        return switch (to.type()) {
            case NUMBER -> new Expansion(memberId, List.of(RingTarget.number(to.value())), false, text);
            case GROUP -> Expansion.skip(memberId, text + " (groups are not followed inside a group), skipped");
            case USER -> {
                if (visited.size() > CallRouter.MAX_FORWARD_DEPTH) {
                    yield Expansion.skip(memberId, text + ": more than " + CallRouter.MAX_FORWARD_DEPTH
                            + " forwards, skipped");
                }
                Optional<UserProfile> next = context.user(to.value());
                if (next.isEmpty()) {
                    yield Expansion.skip(memberId, text + " (unknown), skipped");
                }
                Expansion e = expand(memberId, next.get(), visited);
                yield new Expansion(memberId, e.targets(), e.busy(), text + "; " + e.note());
            }
        };
    }
}
