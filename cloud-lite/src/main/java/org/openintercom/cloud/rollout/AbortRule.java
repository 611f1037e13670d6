package org.openintercom.cloud.rollout;

import java.util.Optional;

/**
 * When a rollout stops by itself: more than {@code maxFailurePercent} % of the devices assigned so far failed,
 * and/or {@code maxFailures} devices failed (a failure is a rollback, refusal or failure report). Either may be
 * absent; with both absent the rollout never aborts by itself.
 */
public record AbortRule(Optional<Integer> maxFailurePercent, Optional<Integer> maxFailures) {

    public AbortRule {
        maxFailurePercent = maxFailurePercent == null ? Optional.empty() : maxFailurePercent;
        maxFailures = maxFailures == null ? Optional.empty() : maxFailures;
    }

    public static AbortRule none() {
        return new AbortRule(Optional.empty(), Optional.empty());
    }

    public static AbortRule of(Integer maxFailurePercent, Integer maxFailures) {
        return new AbortRule(Optional.ofNullable(maxFailurePercent), Optional.ofNullable(maxFailures));
    }

    /** Why the rule is crossed by {@code failures} out of {@code assigned}, or empty when it is not. */
    public Optional<String> crossedBy(int failures, int assigned) {
        if (maxFailures.isPresent() && failures >= maxFailures.get()) {
            return Optional.of(failures + " devices failed (the rule allows fewer than " + maxFailures.get() + ")");
        }
        if (maxFailurePercent.isPresent() && assigned > 0 && failures * 100L > (long) maxFailurePercent.get() * assigned) {
            return Optional.of(failures + " of " + assigned + " assigned devices failed (more than "
                    + maxFailurePercent.get() + " %)");
        }
        return Optional.empty();
    }
}
