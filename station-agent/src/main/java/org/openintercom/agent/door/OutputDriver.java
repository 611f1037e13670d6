package org.openintercom.agent.door;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.openintercom.agent.config.StationCondition;
import org.openintercom.hal.io.DigitalOutput;

/**
 * Drives outputs from station conditions: each configured output is on while any of its conditions holds
 * (e.g. the "calling" LED while an outgoing call rings).
 */
public final class OutputDriver {

    private Map<DigitalOutput, Set<StationCondition>> rules;
    private final Set<StationCondition> active = EnumSet.noneOf(StationCondition.class);

    public OutputDriver(Map<DigitalOutput, Set<StationCondition>> rules) {
        this.rules = Map.copyOf(rules);
        apply();
    }

    /** Replaces the rules (a reconfiguration); outputs no longer ruled are switched off. */
    public synchronized void setRules(Map<DigitalOutput, Set<StationCondition>> next) {
        rules.keySet().stream().filter(o -> !next.containsKey(o) && o.isOn()).forEach(o -> o.set(false));
        this.rules = Map.copyOf(next);
        apply();
    }

    /** Sets whether {@code condition} holds and updates every output that depends on it. */
    public synchronized void set(StationCondition condition, boolean holds) {
        boolean changed = holds ? active.add(condition) : active.remove(condition);
        if (changed) {
            apply();
        }
    }

    public synchronized boolean holds(StationCondition condition) {
        return active.contains(condition);
    }

    private void apply() {
        rules.forEach((output, when) -> {
            boolean on = when.stream().anyMatch(active::contains);
            if (output.isOn() != on) {
                output.set(on);
            }
        });
    }
}
