package org.openintercom.simulator;

import org.openintercom.agent.StationAgent;
import org.openintercom.agent.Stations;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.agent.tls.DemoPki;
import org.openintercom.hal.emulated.EmulatedStationHardware;

/** One emulated station of a simulation: its real agent, its emulated hardware and what it has reported. */
final class SimStation implements AutoCloseable {

    final StationConfig config;
    final EmulatedStationHardware hardware;
    final StationAgent agent;
    final EventRecorder events = new EventRecorder();
    /** The station's link to the cloud, when the scenario has one and the station is claimed there. */
    volatile org.openintercom.agent.cloud.CloudConnector cloud;

    /** Creates the station; {@code listeners} hear its events before the recorder that steps wait on. */
    SimStation(StationConfig config, org.openintercom.agent.event.StationListener... listeners) {
        this.config = config;
        config.sip().tls().ifPresent(tls -> {
            if (!java.nio.file.Files.exists(tls.keyStore())) {
                // scenarios point TLS stations at ${pki}/ID.p12: issue it from the run's demo PKI
                DemoPki.in(tls.keyStore().getParent()).station(config.id());
            }
        });
        this.hardware = Stations.emulatedHardware(config);
        this.agent = Stations.agent(config, hardware);
        for (var listener : listeners) {
            agent.addListener(listener);
        }
        agent.addListener(events);
    }

    String id() {
        return config.id();
    }

    @Override
    public void close() {
        if (cloud != null) {
            cloud.close();
        }
        agent.close();
    }
}
