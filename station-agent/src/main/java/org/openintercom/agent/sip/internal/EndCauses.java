package org.openintercom.agent.sip.internal;

import org.openintercom.agent.sip.EndCause;

/** Maps the final failure status of an outgoing INVITE to why the call ended. */
final class EndCauses {

    private EndCauses() {
    }

    static EndCause forStatus(int status) {
        return switch (status) {
            case 486, 600 -> EndCause.BUSY;
            case 603, 480 -> EndCause.REJECTED;
            case 488, 606, 415 -> EndCause.MEDIA_REFUSED;
            default -> EndCause.FAILED;
        };
    }
}
