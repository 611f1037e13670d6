package org.openintercom.agent.mesh;

import static org.openintercom.agent.interop.TestStations.calls;
import static org.openintercom.agent.interop.TestStations.given;
import static org.openintercom.agent.interop.TestStations.tone;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.openintercom.agent.call.CallState;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.agent.interop.TestStations;
import org.openintercom.agent.sip.SipIdentity;

/**
 * A real station agent as a claimed one runs: attached to a (fake) cloud link and calling with a device identity of a
 * test CA, playing a tone into its calls and recording what it hears.
 */
record ClaimedStation(TestStations.Running station, TestPki.Identity identity, FakeCloudLink cloud)
        implements AutoCloseable {

    /**
     * Starts station {@code id} (its data under {@code dir}) certified by {@code pki}, accepting peers certified under
     * {@code trust}, with {@code mesh} settings; {@code more} adds to its configuration.
     */
    static ClaimedStation start(TestPki pki, List<X509Certificate> trust, Path dir, String id, String model,
            int toneHz, MeshSettings mesh, FakeCloudLink cloud, UnaryOperator<StationConfig.Builder> more) {
        TestPki.Identity identity = pki.station();
        TestStations.Running station = TestStations.start(more.apply(given(id, model, dir).calls(calls(false))
                .audio(tone(toneHz)).mesh(mesh)).build());
        station.agent().attachCloud(cloud);
        station.agent().useSipIdentity(Optional.of(new SipIdentity(identity.deviceId(), identity.key(),
                identity.chain(), trust, Optional.empty())));
        return new ClaimedStation(station, identity, cloud);
    }

    String deviceId() {
        return identity.deviceId();
    }

    Optional<CallState> callState() {
        return station.agent().currentCall().map(CallStatus::state);
    }

    @Override
    public void close() {
        station.close();
        cloud.close();
    }
}
