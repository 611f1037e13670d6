package org.openintercom.simulator.scenario;

import java.util.List;
import java.util.Optional;
import org.openintercom.agent.config.StationConfig;

/** A scenario: a name, the stations it runs (fully validated configs), the steps to play and its cloud, if any. */
public record Scenario(String name, List<StationConfig> stations, List<Step> steps, Optional<CloudPlan> cloud) {

    public Scenario {
        stations = List.copyOf(stations);
        steps = List.copyOf(steps);
        cloud = cloud == null ? Optional.empty() : cloud;
    }
}
