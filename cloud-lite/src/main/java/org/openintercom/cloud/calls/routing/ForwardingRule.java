package org.openintercom.cloud.calls.routing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One forwarding rule of a user: its kind, where it sends the call ({@code forwardTo}: for every kind but
 * SIMULTANEOUS), the extra numbers rung together with the user ({@code numbers}: SIMULTANEOUS only), how long the
 * user rings first ({@code noAnswerSeconds}: NO_ANSWER only, 10..90) and when it applies ({@code when}; null:
 * always).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ForwardingRule(RuleKind kind, Destination forwardTo, List<String> numbers, int noAnswerSeconds,
                             RuleSchedule when) {

    public static final int MIN_NO_ANSWER_SECONDS = 10;
    public static final int MAX_NO_ANSWER_SECONDS = 90;
    public static final int MAX_SIMULTANEOUS_NUMBERS = 10;

    public ForwardingRule {
        numbers = numbers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(numbers));
        when = when == null ? RuleSchedule.always() : when;
    }

    public static ForwardingRule immediate(Destination to) {
        return new ForwardingRule(RuleKind.IMMEDIATE, to, null, 0, null);
    }

    public static ForwardingRule busy(Destination to) {
        return new ForwardingRule(RuleKind.BUSY, to, null, 0, null);
    }

    public static ForwardingRule notReachable(Destination to) {
        return new ForwardingRule(RuleKind.NOT_REACHABLE, to, null, 0, null);
    }

    public static ForwardingRule noAnswer(int seconds, Destination to) {
        return new ForwardingRule(RuleKind.NO_ANSWER, to, null, seconds, null);
    }

    public static ForwardingRule simultaneous(String... numbers) {
        return new ForwardingRule(RuleKind.SIMULTANEOUS, null, List.of(numbers), 0, null);
    }

    /** A copy limited to {@code schedule}. */
    public ForwardingRule when(RuleSchedule schedule) {
        return new ForwardingRule(kind, forwardTo, numbers, noAnswerSeconds, schedule);
    }

    /** A short text for plans, e.g. {@code NO_ANSWER after 20 s to sip:+4930123@gw (MONDAY 08:00-12:00)}. */
    public String describe() {
        String what = switch (kind) {
            case SIMULTANEOUS -> "SIMULTANEOUS with " + String.join(", ", numbers);
            case NO_ANSWER -> "NO_ANSWER after " + noAnswerSeconds + " s to " + forwardTo.describe();
            default -> kind + " to " + forwardTo.describe();
        };
        return what + " (" + when.describe() + ")";
    }

    void check(String path, Problems problems) {
        if (kind == null) {
            problems.add(Problems.at(path, "kind"), "required (IMMEDIATE, BUSY, SIMULTANEOUS, NOT_REACHABLE or NO_ANSWER)");
            return;
        }
        if (kind == RuleKind.SIMULTANEOUS) {
            if (numbers.isEmpty()) {
                problems.add(Problems.at(path, "numbers"), "at least one number is required for SIMULTANEOUS");
            } else if (numbers.size() > MAX_SIMULTANEOUS_NUMBERS) {
                problems.add(Problems.at(path, "numbers"), "at most " + MAX_SIMULTANEOUS_NUMBERS
                        + " numbers, got " + numbers.size());
            }
            for (int i = 0; i < numbers.size(); i++) {
                if (!Destination.isCallableUri(numbers.get(i))) {
                    problems.add(Problems.at(Problems.at(path, "numbers"), i),
                            "'" + numbers.get(i) + "' is not a sip:, sips: or tel: URI");
                }
            }
        } else if (forwardTo == null) {
            problems.add(Problems.at(path, "forwardTo"), "required for " + kind);
        } else {
            forwardTo.check(Problems.at(path, "forwardTo"), problems);
        }
        if (kind == RuleKind.NO_ANSWER
                && (noAnswerSeconds < MIN_NO_ANSWER_SECONDS || noAnswerSeconds > MAX_NO_ANSWER_SECONDS)) {
            problems.add(Problems.at(path, "noAnswerSeconds"), "must be " + MIN_NO_ANSWER_SECONDS + ".."
                    + MAX_NO_ANSWER_SECONDS + ", got " + noAnswerSeconds);
        }
        when.check(Problems.at(path, "when"), problems);
    }
}
