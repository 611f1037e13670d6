package org.openintercom.cloud.calls.directory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openintercom.cloud.calls.routing.Destination;
import org.openintercom.cloud.calls.routing.ForwardingRule;
import org.openintercom.cloud.calls.routing.GroupAction;
import org.openintercom.cloud.calls.routing.GroupMember;
import org.openintercom.cloud.calls.routing.RingGroup;
import org.openintercom.cloud.calls.routing.UserProfile;

/**
 * Checks that what a group or a user's rules name exists at the same site: members and USER destinations are SIP
 * users or claimed stations of the site, GROUP destinations ring groups of the site. So a site cannot ring another
 * company's phones, and nothing points at a name that is not there. Problems are {@code path: message} lines.
 */
final class References {

    private final DirectorySnapshot directory;
    private final StationLookup stations;
    private final long siteId;

    References(DirectorySnapshot directory, StationLookup stations, long siteId) {
        this.directory = directory;
        this.stations = stations;
        this.siteId = siteId;
    }

    List<String> of(RingGroup group) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < group.members().size(); i++) {
            GroupMember m = group.members().get(i);
            if (m != null && m.userId() != null && !m.userId().isBlank()) {
                String path = "members[" + i + "].userId";
                user(m.userId()).ifPresent(p -> problems.add(path + ": " + p));
            }
        }
        Map<String, GroupAction> actions = new LinkedHashMap<>();
        actions.put("whenClosed", group.whenClosed());
        actions.put("onNoAnswer", group.onNoAnswer());
        actions.put("whenQueueFull", group.whenQueueFull());
        actions.forEach((field, action) -> destination(field + ".forwardTo", action.forwardTo())
                .ifPresent(problems::add));
        return problems;
    }

    List<String> of(UserProfile profile) {
        List<String> problems = new ArrayList<>();
        List<ForwardingRule> rules = profile.rules();
        for (int i = 0; i < rules.size(); i++) {
            ForwardingRule r = rules.get(i);
            if (r != null) {
                destination("rules[" + i + "].forwardTo", r.forwardTo()).ifPresent(problems::add);
            }
        }
        return problems;
    }

    private Optional<String> destination(String path, Destination to) {
        if (to == null || to.type() == null || to.value() == null || to.value().isBlank()) {
            return Optional.empty(); // the model's own validation names these
        }
        return switch (to.type()) {
            case NUMBER -> Optional.empty();
            case USER -> user(to.value()).map(p -> path + ".value: " + p);
            case GROUP -> directory.group(to.value()).filter(g -> g.siteId() == siteId).isPresent()
                    ? Optional.empty()
                    : Optional.of(path + ".value: no ring group '" + to.value() + "' at site " + siteId);
        };
    }

    /** Why {@code name} is not a user of the site, or empty when it is. */
    private Optional<String> user(String name) {
        boolean sipUser = directory.user(name).filter(u -> u.siteId() == siteId).isPresent();
        boolean station = !sipUser && stations.siteOf(name).filter(s -> s == siteId).isPresent();
        return sipUser || station ? Optional.empty()
                : Optional.of("no SIP user or station '" + name + "' at site " + siteId);
    }
}
