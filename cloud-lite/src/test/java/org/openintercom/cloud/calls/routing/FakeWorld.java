package org.openintercom.cloud.calls.routing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/** A map-backed {@link RoutingContext} for tests: users are registered and free unless told otherwise. */
final class FakeWorld implements RoutingContext {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** A Wednesday, 10:00 in Berlin. */
    static final Instant WEDNESDAY_10_BERLIN = Instant.parse("2026-11-25T09:00:00Z");

    final Map<String, RingGroup> groups = new HashMap<>();
    final Map<String, UserProfile> users = new HashMap<>();
    final Set<String> unregistered = new HashSet<>();
    final Set<String> busy = new HashSet<>();
    final Map<String, Integer> callsToday = new HashMap<>();
    final CallQueues queues = new CallQueues();
    CallRouter router = new CallRouter(new SplittableRandom(42));

    FakeWorld with(RingGroup group) {
        groups.put(group.id(), group.requireValid());
        return this;
    }

    FakeWorld with(UserProfile user) {
        users.put(user.id(), user.requireValid());
        return this;
    }

    /** Plain users (Berlin, no rules), registered and free. */
    FakeWorld withUsers(String... ids) {
        for (String id : ids) {
            with(UserProfile.of(id, BERLIN));
        }
        return this;
    }

    FakeWorld busy(String... ids) {
        busy.addAll(List.of(ids));
        return this;
    }

    FakeWorld unregistered(String... ids) {
        unregistered.addAll(List.of(ids));
        return this;
    }

    FakeWorld calls(String groupId, String userId, LocalDate day, int count) {
        callsToday.put(groupId + "/" + userId + "/" + day, count);
        return this;
    }

    RoutingPlan call(Destination target, Instant at) {
        return call("call-1", target, at);
    }

    RoutingPlan call(String callId, Destination target, Instant at) {
        return router.route(new CallRequest(callId, target, at), this);
    }

    @Override
    public Optional<RingGroup> group(String groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }

    @Override
    public Optional<UserProfile> user(String userId) {
        return Optional.ofNullable(users.get(userId));
    }

    @Override
    public boolean isRegistered(String userId) {
        return !unregistered.contains(userId);
    }

    @Override
    public boolean isBusy(String userId) {
        return busy.contains(userId);
    }

    @Override
    public int callsToday(String groupId, String userId, LocalDate day) {
        return callsToday.getOrDefault(groupId + "/" + userId + "/" + day, 0);
    }

    @Override
    public CallQueue queue(RingGroup group) {
        return queues.of(group);
    }
}
