package org.openintercom.cloud.calls.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openintercom.cloud.calls.routing.Destination;
import org.openintercom.cloud.calls.routing.ForwardingRule;
import org.openintercom.cloud.calls.routing.GroupAction;
import org.openintercom.cloud.calls.routing.GroupMember;
import org.openintercom.cloud.calls.routing.RingGroup;

/** Every SIP user and ring group of the relay at one moment, immutable; what the relay's lookups read. */
public final class DirectorySnapshot {

    static final DirectorySnapshot EMPTY = new DirectorySnapshot(List.of(), List.of());

    private final Map<String, SipUser> users;
    private final Map<String, StoredRingGroup> groups;

    DirectorySnapshot(Collection<SipUser> users, Collection<StoredRingGroup> groups) {
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(SipUser::username, Function.identity()));
        this.groups = groups.stream().collect(Collectors.toUnmodifiableMap(StoredRingGroup::id, Function.identity()));
    }

    public Optional<SipUser> user(String username) {
        return Optional.ofNullable(username == null ? null : users.get(username));
    }

    public Optional<StoredRingGroup> group(String id) {
        return Optional.ofNullable(id == null ? null : groups.get(id));
    }

    /** Whether {@code name} is a SIP user or a ring group. */
    public boolean isTaken(String name) {
        return users.containsKey(name) || groups.containsKey(name);
    }

    /** The SIP users of a site, by name. */
    public List<SipUser> usersAt(long siteId) {
        return users.values().stream().filter(u -> u.siteId() == siteId)
                .sorted(Comparator.comparing(SipUser::username)).toList();
    }

    /** The ring groups of a site, by id. */
    public List<StoredRingGroup> groupsAt(long siteId) {
        return groups.values().stream().filter(g -> g.siteId() == siteId)
                .sorted(Comparator.comparing(StoredRingGroup::id)).toList();
    }

    /** Every SIP user, by name. */
    public List<SipUser> users() {
        return users.values().stream().sorted(Comparator.comparing(SipUser::username)).toList();
    }

    public int userCount() {
        return users.size();
    }

    public int groupCount() {
        return groups.size();
    }

    /**
     * Who points at the user or group {@code name}, one {@code group 'x' (path)} or {@code user 'y' (path)} each:
     * group members and group actions, and users' forwarding rules. {@code type} is USER or GROUP.
     */
    public List<String> referrersOf(Destination.Type type, String name) {
        List<String> found = new ArrayList<>();
        groups.values().stream().sorted(Comparator.comparing(StoredRingGroup::id)).forEach(stored -> {
            RingGroup g = stored.group();
            if (type == Destination.Type.GROUP && g.id().equals(name)) {
                return;
            }
            if (type == Destination.Type.USER) {
                for (int i = 0; i < g.members().size(); i++) {
                    GroupMember m = g.members().get(i);
                    if (m != null && name.equals(m.userId())) {
                        found.add("group '" + g.id() + "' (members[" + i + "])");
                    }
                }
            }
            actionRef(found, g, "whenClosed", g.whenClosed(), type, name);
            actionRef(found, g, "onNoAnswer", g.onNoAnswer(), type, name);
            actionRef(found, g, "whenQueueFull", g.whenQueueFull(), type, name);
        });
        users.values().stream().sorted(Comparator.comparing(SipUser::username)).forEach(u -> {
            if (u.rules() == null || (type == Destination.Type.USER && u.username().equals(name))) {
                return;
            }
            List<ForwardingRule> rules = u.rules().rules();
            for (int i = 0; i < rules.size(); i++) {
                if (points(rules.get(i).forwardTo(), type, name)) {
                    found.add("user '" + u.username() + "' (rules[" + i + "].forwardTo)");
                }
            }
        });
        return found;
    }

    private static void actionRef(List<String> found, RingGroup g, String field, GroupAction action,
            Destination.Type type, String name) {
        if (points(action.forwardTo(), type, name)) {
            found.add("group '" + g.id() + "' (" + field + ".forwardTo)");
        }
    }

    private static boolean points(Destination to, Destination.Type type, String name) {
        return to != null && to.type() == type && name.equals(to.value());
    }
}
