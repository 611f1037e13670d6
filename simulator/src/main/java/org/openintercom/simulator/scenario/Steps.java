package org.openintercom.simulator.scenario;

import java.util.List;
import org.openintercom.agent.config.StationConfig;

/** Public entry to step parsing for the interactive console. */
public final class Steps {

    private Steps() {
    }

    /** Parses one command line such as {@code press frontdoor/call} against the scenario's stations. */
    public static Step parseLine(String line, List<StationConfig> stations) {
        return StepParser.parseLine(line, stations);
    }
}
