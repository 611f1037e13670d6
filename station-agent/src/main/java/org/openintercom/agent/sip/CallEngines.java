package org.openintercom.agent.sip;

import org.openintercom.agent.sip.internal.JainSipCallEngine;

/** Creates call engines; the only way into the {@code internal} implementations. */
public final class CallEngines {

    private CallEngines() {
    }

    /** A SIP call engine on JAIN-SIP; call {@link CallEngine#start} to bind its ports. */
    public static CallEngine jainSip(SipEngineConfig config) {
        return new JainSipCallEngine(config);
    }
}
