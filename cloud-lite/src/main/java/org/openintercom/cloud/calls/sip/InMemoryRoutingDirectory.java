package org.openintercom.cloud.calls.sip;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.UserProfile;

/** Groups and user rules held in memory; each is validated when put. Thread-safe. */
public final class InMemoryRoutingDirectory implements RoutingDirectory {

    private final Map<String, RingGroup> groups = new ConcurrentHashMap<>();
    private final Map<String, UserProfile> users = new ConcurrentHashMap<>();

    /** Adds or replaces a group; an invalid one is refused with every problem named. */
    public InMemoryRoutingDirectory put(RingGroup group) {
        group.requireValid();
        groups.put(group.id(), group);
        return this;
    }

    /** Adds or replaces a user's rules; invalid ones are refused with every problem named. */
    public InMemoryRoutingDirectory put(UserProfile user) {
        user.requireValid();
        users.put(user.id(), user);
        return this;
    }

    @Override
    public Optional<RingGroup> group(String id) {
        return Optional.ofNullable(groups.get(id));
    }

    @Override
    public Optional<UserProfile> user(String id) {
        return Optional.ofNullable(users.get(id));
    }
}
