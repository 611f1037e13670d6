package org.openintercom.simulator.scenario;

import java.util.List;
import org.openintercom.agent.config.StationConfig;

/** A scenario: a name, the stations it runs (fully validated configs) and the steps to play. */
public record Scenario(String name, List<StationConfig> stations, List<Step> steps) {

    public Scenario {
        stations = List.copyOf(stations);
        steps = List.copyOf(steps);
    }
}
