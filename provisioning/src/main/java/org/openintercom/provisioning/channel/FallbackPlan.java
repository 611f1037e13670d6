package org.openintercom.provisioning.channel;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * The mesh fallback plan the cloud sends a station with its desired configuration: for each button that reaches
 * people through the cloud's call relay, the stations of the same site to ring directly (in this order, in
 * parallel) while the cloud is unreachable. The cloud computes it from its call directory; {@code generation}
 * grows every time the plan it computes for the station changes, so a station keeps the newest plan it has seen
 * and ignores an older one (a stale retained message). A button without an entry has no fallback.
 *
 * <p>{@code callers} are the device ids of the stations of the same site whose fallback plans ring this one: the
 * only ones that may call it over the mesh (a mesh call only ever goes to a plan's target). Every station of every
 * customer holds a certificate of the same cloud CA, so the certificate alone does not say a caller belongs to
 * this building. Empty when the cloud did not send the list (a cloud from before it did), in which case a station
 * takes any caller its CA vouches for.
 */
public record FallbackPlan(long generation, Map<String, List<Target>> buttons,
        Optional<List<String>> callers) {

    /** The most stations one button rings in the mesh: as many as a parallel ring group may have. */
    public static final int MAX_TARGETS = 32;
    /** The most stations the list of callers may name. */
    public static final int MAX_CALLERS = 5000;

    /** A plan without its list of callers. */
    public FallbackPlan(long generation, Map<String, List<Target>> buttons) {
        this(generation, buttons, Optional.empty());
    }

    public FallbackPlan {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be 1 or more, was " + generation);
        }
        Objects.requireNonNull(buttons, "buttons is required");
        Map<String, List<Target>> copy = new LinkedHashMap<>();
        buttons.forEach((button, targets) -> {
            DeviceConfiguration.requireKey("button", button);
            String path = "buttons." + button;
            if (targets == null) {
                throw new IllegalArgumentException(path + " must be a list of targets");
            }
            if (targets.size() > MAX_TARGETS) {
                throw new IllegalArgumentException(path + " has " + targets.size() + " targets, at most "
                        + MAX_TARGETS + " are allowed");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < targets.size(); i++) {
                Target t = targets.get(i);
                if (t == null) {
                    throw new IllegalArgumentException(path + "[" + i + "] is null");
                }
                if (!seen.add(t.deviceId())) {
                    throw new IllegalArgumentException(path + "[" + i + "].deviceId " + t.deviceId()
                            + " is listed twice");
                }
            }
            copy.put(button, List.copyOf(targets));
        });
        buttons = java.util.Collections.unmodifiableMap(copy);
        callers = callers == null ? Optional.empty() : callers.map(FallbackPlan::checkedCallers);
    }

    private static List<String> checkedCallers(List<String> ids) {
        if (ids.size() > MAX_CALLERS) {
            throw new IllegalArgumentException("callers has " + ids.size() + " stations, at most "
                    + MAX_CALLERS + " are allowed");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || !DeviceId.isValid(id)) {
                throw new IllegalArgumentException("callers[" + i + "] '" + id + "' is not a device id");
            }
            if (!seen.add(id)) {
                throw new IllegalArgumentException("callers[" + i + "] " + id + " is listed twice");
            }
        }
        return List.copyOf(ids);
    }

    /**
     * Whether the station {@code deviceId} may call this one over the mesh: it is one of the plan's callers, or the
     * plan does not say which those are.
     */
    public boolean mayCall(String deviceId) {
        return callers.map(ids -> ids.contains(deviceId)).orElse(true);
    }

    /** The stations to ring for {@code button} while the cloud is unreachable; empty if none. */
    public List<Target> targetsFor(String button) {
        return buttons.getOrDefault(button, List.of());
    }

    /**
     * A station to ring: its device id (what it announces on the LAN and its certificate names) and a name for
     * people, if it has one.
     */
    public record Target(String deviceId, Optional<String> name) {

        public Target {
            if (deviceId == null || !DeviceId.isValid(deviceId)) {
                throw new IllegalArgumentException("deviceId '" + deviceId + "' is not a device id");
            }
            name = name == null ? Optional.empty() : name;
            name.ifPresent(n -> {
                if (n.isBlank() || n.length() > 64) {
                    throw new IllegalArgumentException("name must have 1 to 64 characters");
                }
            });
        }

        public static Target of(DeviceId id, String name) {
            return new Target(id.value(), Optional.ofNullable(name));
        }
    }
}
