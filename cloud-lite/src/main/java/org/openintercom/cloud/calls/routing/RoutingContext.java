package org.openintercom.cloud.calls.routing;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The relay's view of the world at the moment a call is routed: the configuration, who is registered and busy,
 * the call counts of the day and the groups' queues. Implemented by the relay; tests use a map-backed one.
 */
public interface RoutingContext {

    Optional<RingGroup> group(String groupId);

    Optional<UserProfile> user(String userId);

    /** Whether the user has at least one registered contact. */
    boolean isRegistered(String userId);

    /** Whether the user is in a call (or every contact is). */
    boolean isBusy(String userId);

    /** How many of {@code groupId}'s calls the user answered on {@code day} (the group's local date). */
    int callsToday(String groupId, String userId, LocalDate day);

    /** The group's waiting queue (e.g. from {@link CallQueues#of(RingGroup)}). */
    CallQueue queue(RingGroup group);
}
