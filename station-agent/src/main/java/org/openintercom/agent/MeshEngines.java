package org.openintercom.agent;

import java.util.Optional;
import org.openintercom.agent.mesh.MeshEndpoint;
import org.openintercom.agent.mesh.MeshInterface;
import org.openintercom.agent.mesh.MeshSettings;
import org.openintercom.agent.sip.CallEngine;
import org.openintercom.agent.sip.RoutingCallEngine;
import org.openintercom.agent.sip.SipIdentity;
import org.openintercom.agent.sip.SipTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a station's mesh call engine in step with its cloud identity: running while the station holds the identity
 * and runs a mesh (bound to the mesh interface's address, SIP over TLS with the device certificate both ways), made
 * anew when the identity changes (keeping its port), stopped when the identity goes. Called on the agent thread when
 * no call is live, since a replaced or stopped engine ends its calls.
 */
final class MeshEngines {

    private static final Logger LOG = LoggerFactory.getLogger(MeshEngines.class);

    private final String stationId;
    private final RoutingCallEngine engines;
    private final StationAgent.MeshEngineFactory factory;
    /** The port the last mesh engine listened on (0: none yet), kept for the next one so peers still find it. */
    private int lastPort;
    /** Why the last attempt ran no engine: said at WARN once, at DEBUG while it stays the same (retries). */
    private String lastProblem = "";

    MeshEngines(String stationId, RoutingCallEngine engines, StationAgent.MeshEngineFactory factory) {
        this.stationId = stationId;
        this.engines = engines;
        this.factory = factory;
    }

    /**
     * Runs the mesh engine for {@code identity} under {@code settings}, or none when either is empty; returns where it
     * listens (what discovery announces), empty when no mesh engine runs.
     */
    Optional<MeshEndpoint> follow(Optional<SipIdentity> identity, Optional<MeshSettings> settings) {
        if (identity.isEmpty() || settings.isEmpty() || factory == null) {
            stop();
            return Optional.empty();
        }
        Optional<MeshInterface> on;
        try {
            on = MeshInterface.choose(settings.get());
        } catch (RuntimeException e) {
            stop();
            return problem("no mesh: " + e.getMessage());
        }
        if (on.isEmpty()) {
            stop();
            return problem("no mesh interface has a usable link-local address (interfaces "
                    + settings.get().interfaces() + "): no mesh");
        }
        int port = settings.get().sipPort() != 0 ? settings.get().sipPort() : lastPort;
        try {
            start(identity.get(), on.get(), port);
        } catch (RuntimeException e) {
            if (port == 0 || port == settings.get().sipPort()) {
                return problem("the mesh call engine cannot start on " + on.get().address().getHostAddress()
                        + " port " + port + ": " + e.getMessage());
            }
            LOG.info("station {}: the mesh call engine cannot have port {} again ({}); taking a free one", stationId,
                    port, e.getMessage());
            try {
                start(identity.get(), on.get(), 0);
            } catch (RuntimeException again) {
                return problem("the mesh call engine cannot start on " + on.get().address().getHostAddress() + ": "
                        + again.getMessage());
            }
        }
        lastProblem = "";
        int bound = engines.mesh().flatMap(e -> e.port(SipTransport.TLS)).orElseThrow(() ->
                new IllegalStateException("the mesh call engine of station " + stationId + " has no TLS port"));
        lastPort = bound;
        return Optional.of(new MeshEndpoint(on.get(), bound));
    }

    private Optional<MeshEndpoint> problem(String what) {
        if (what.equals(lastProblem)) {
            LOG.debug("station {}: {}", stationId, what);
        } else {
            LOG.warn("station {}: {}", stationId, what);
            lastProblem = what;
        }
        return Optional.empty();
    }

    private void start(SipIdentity identity, MeshInterface on, int port) {
        CallEngine next;
        try {
            next = factory.create(identity, on, port);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        engines.replaceMesh(Optional.of(next));
    }

    /** Stops the mesh engine, if one runs. */
    void stop() {
        if (engines.mesh().isPresent()) {
            engines.replaceMesh(Optional.empty());
            LOG.info("station {}: mesh call engine stopped", stationId);
        }
    }
}
