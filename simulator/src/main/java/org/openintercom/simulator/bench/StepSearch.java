package org.openintercom.simulator.bench;

import java.util.OptionalInt;

/**
 * Which load step comes next when searching the most concurrent calls a relay carries: doubling from
 * {@code first} (capped at {@code max}) while steps pass, then halving the gap between the highest passing and the
 * lowest failing count {@code refinements} times (rounded to {@code granularity}). A failing first step is searched
 * downwards the same way, from 0.
 */
final class StepSearch {

    private final int max;
    private final int granularity;
    private int refinementsLeft;
    private int highestPassed;
    private int lowestFailed = Integer.MAX_VALUE;
    private int next;

    StepSearch(int first, int max, int refinements, int granularity) {
        if (first < 1 || max < first || refinements < 0 || granularity < 1) {
            throw new IllegalArgumentException("step search: first " + first + ", max " + max + ", refinements "
                    + refinements + ", granularity " + granularity + " do not make a search");
        }
        this.max = max;
        this.granularity = granularity;
        this.refinementsLeft = refinements;
        this.next = first;
    }

    /** The number of calls of the next step, or empty when the search is over. */
    OptionalInt next() {
        return next > 0 ? OptionalInt.of(next) : OptionalInt.empty();
    }

    /** The step of {@code calls} calls passed or failed. */
    void record(int calls, boolean passed) {
        if (passed) {
            highestPassed = Math.max(highestPassed, calls);
        } else {
            lowestFailed = Math.min(lowestFailed, calls);
        }
        if (lowestFailed == Integer.MAX_VALUE) {
            next = highestPassed >= max ? 0 : (int) Math.min(max, 2L * highestPassed);
            return;
        }
        next = 0;
        if (refinementsLeft > 0) {
            int middle = Math.round((highestPassed + lowestFailed) / 2f / granularity) * granularity;
            if (middle > highestPassed && middle < lowestFailed) {
                refinementsLeft--;
                next = middle;
            }
        }
    }

    /** The highest count that passed, 0 if none did. */
    int highestPassed() {
        return highestPassed;
    }
}
