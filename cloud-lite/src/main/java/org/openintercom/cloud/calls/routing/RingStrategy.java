package org.openintercom.cloud.calls.routing;

/** How a ring group rings its members. */
public enum RingStrategy {
    /** All members at once (at most {@link RingGroup#MAX_PARALLEL_MEMBERS}), for the group's no-answer time. */
    PARALLEL,
    /** One member after the other by priority (lowest first, list order among equals). */
    PRIORITY,
    /** One after the other, the member with the fewest calls of this group today first (then by priority). */
    LEAST_CALLED,
    /** One after the other in a random order (the router's random generator, seedable for tests). */
    RANDOM;

    /** Whether members ring one after the other. */
    public boolean sequential() {
        return this != PARALLEL;
    }
}
