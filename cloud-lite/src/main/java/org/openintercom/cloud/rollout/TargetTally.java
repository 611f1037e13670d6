package org.openintercom.cloud.rollout;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How many targets of a rollout are in each state, wave by wave, and how many were assigned at least once: what
 * the engine decides on after every report (the abort rule, whether a wave is done), counted by the database
 * instead of read target by target.
 */
public record TargetTally(List<Count> counts) {

    /** {@code targets} targets of {@code wave} in {@code state}, {@code assigned} of them assigned at least once. */
    public record Count(int wave, TargetState state, int targets, int assigned) {
    }

    public TargetTally {
        counts = List.copyOf(counts);
    }

    /** Targets that count against the abort rule. */
    public int failures() {
        return counts.stream().filter(c -> c.state().isFailure()).mapToInt(Count::targets).sum();
    }

    /** Targets whose assignment was published at least once. */
    public int assigned() {
        return counts.stream().mapToInt(Count::assigned).sum();
    }

    /** Whether a target of {@code wave} still holds it (not final, not skipped or awaiting approval). */
    public boolean holds(int wave) {
        return holding(wave) > 0;
    }

    /** How many targets of {@code wave} still hold it. */
    public int holding(int wave) {
        return counts.stream().filter(c -> c.wave() == wave && c.state().holdsWave()).mapToInt(Count::targets).sum();
    }

    /** How many targets of {@code wave} are in {@code state}. */
    public int of(int wave, TargetState state) {
        return counts.stream().filter(c -> c.wave() == wave && c.state() == state).mapToInt(Count::targets).sum();
    }

    /** Targets per state over all waves (for logs and tests). */
    public Map<TargetState, Integer> byState() {
        return counts.stream().collect(Collectors.groupingBy(Count::state, Collectors.summingInt(Count::targets)));
    }
}
