package org.openintercom.agent;

import org.openintercom.agent.sip.CallEnd;
import org.openintercom.agent.sip.CallEngineListener;
import org.openintercom.agent.sip.DtmfMode;
import org.openintercom.agent.sip.IncomingCall;
import org.openintercom.agent.sip.NegotiatedMedia;
import org.openintercom.agent.sip.ProgressKind;
import org.openintercom.agent.sip.RegistrationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's listener on its call engine: hands call events to the call controller and logs registration
 * changes, at INFO when the state changes (a lifecycle event) and at DEBUG for refreshes and repeated failures.
 */
final class EngineEvents implements CallEngineListener {

    private static final Logger LOG = LoggerFactory.getLogger(StationAgent.class);

    private final String stationId;
    private final CallEngineListener calls;
    private RegistrationStatus.State lastState = RegistrationStatus.State.UNREGISTERED;

    EngineEvents(String stationId, CallEngineListener calls) {
        this.stationId = stationId;
        this.calls = calls;
    }

    @Override
    public void onIncoming(IncomingCall call) {
        calls.onIncoming(call);
    }

    @Override
    public void onTrying(String callId) {
        calls.onTrying(callId);
    }

    @Override
    public void onProgress(String callId, ProgressKind kind) {
        calls.onProgress(callId, kind);
    }

    @Override
    public void onConnected(String callId, NegotiatedMedia media) {
        calls.onConnected(callId, media);
    }

    @Override
    public void onDtmf(String callId, char digit, DtmfMode via) {
        calls.onDtmf(callId, digit, via);
    }

    @Override
    public void onEnded(String callId, CallEnd end) {
        calls.onEnded(callId, end);
    }

    /** Called on the engine thread only, so {@code lastState} needs no lock. */
    @Override
    public void onRegistration(RegistrationStatus status) {
        if (status.state() != lastState) {
            lastState = status.state();
            LOG.info("station {}: registration {}: {}", stationId, status.state(), status.detail());
        } else {
            LOG.debug("station {}: registration {}: {}", stationId, status.state(), status.detail());
        }
    }
}
