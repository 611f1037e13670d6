package org.openintercom.cloud.hub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.openintercom.cloud.calls.directory.DirectorySnapshot;
import org.openintercom.cloud.calls.directory.StoredRingGroup;
import org.openintercom.cloud.calls.routing.GroupMember;
import org.openintercom.provisioning.channel.DeviceConfiguration;
import org.openintercom.provisioning.channel.FallbackPlan;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * Works out, for the buttons of one station's configuration, which stations of its own site to ring directly
 * while the cloud is unreachable (the buttons of a {@link FallbackPlan}):
 * <ul>
 * <li>{@code ring} naming a ring group of the site: the group's members that are claimed stations of the site, by
 * priority then as listed (the mesh rings them all at once). Members are SIP users or stations (a group cannot
 * contain a group), so there is nothing nested to expand; SIP users are phones on the relay, unreachable without
 * the cloud, and are left out, as are the group's forwards (closed, no answer, queue full).
 * <li>{@code ring} naming a claimed station of the site (its device id): that station.
 * <li>{@code call} of a URI whose user part is a claimed station of the site ({@code sips:ABCDEFGHJK@relay}): that
 * station.
 * </ul>
 * The calling station itself is never a target; a button has at most {@value FallbackPlan#MAX_TARGETS} targets
 * (the first ones), and a button with none is left out.
 */
final class FallbackPlanner {

    private FallbackPlanner() {
    }

    /**
     * The fallback targets of each button of {@code config}, by button name.
     *
     * @param stations the claimed stations of the caller's site, each with its name for people (if any)
     */
    static Map<String, List<FallbackPlan.Target>> buttons(DeviceId caller, long siteId, DeviceConfiguration config,
            DirectorySnapshot directory, Map<DeviceId, Optional<String>> stations) {
        Map<String, List<FallbackPlan.Target>> plan = new TreeMap<>();
        config.buttons().forEach((name, button) -> {
            Set<DeviceId> targets = new LinkedHashSet<>();
            button.ring().ifPresent(ring -> targets.addAll(ring(ring, siteId, directory)));
            button.call().flatMap(FallbackPlanner::userPart).filter(DeviceId::isValid).map(DeviceId::new)
                    .ifPresent(targets::add);
            List<FallbackPlan.Target> list = targets.stream()
                    .filter(id -> !id.equals(caller) && stations.containsKey(id))
                    .limit(FallbackPlan.MAX_TARGETS)
                    .map(id -> new FallbackPlan.Target(id.value(), stations.get(id)))
                    .toList();
            if (!list.isEmpty()) {
                plan.put(name, list);
            }
        });
        return plan;
    }

    /** The stations a relay name rings: a group's station members, or the station itself. */
    private static List<DeviceId> ring(String name, long siteId, DirectorySnapshot directory) {
        Optional<StoredRingGroup> group = directory.group(name).filter(g -> g.siteId() == siteId);
        if (group.isPresent()) {
            List<GroupMember> members = new ArrayList<>(group.get().group().members());
            members.removeIf(m -> m == null || m.userId() == null);
            members.sort(Comparator.comparingInt(GroupMember::priority)); // stable: as listed within a priority
            return members.stream().map(GroupMember::userId).filter(DeviceId::isValid).map(DeviceId::new).toList();
        }
        return DeviceId.isValid(name) ? List.of(new DeviceId(name)) : List.of();
    }

    /** {@code user} of {@code sip:user@host...} or {@code sips:user@host...}. */
    private static Optional<String> userPart(String uri) {
        int colon = uri.indexOf(':');
        int at = uri.indexOf('@');
        return colon > 0 && at > colon + 1 ? Optional.of(uri.substring(colon + 1, at)) : Optional.empty();
    }
}
