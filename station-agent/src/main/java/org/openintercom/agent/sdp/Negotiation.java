package org.openintercom.agent.sdp;

import java.util.Objects;
import org.openintercom.agent.media.MediaParameters;

/** The outcome of offer/answer: media both sides agreed on, or a refusal with the SIP status to send. */
public sealed interface Negotiation {

    /** Agreement: the SDP of the answer (ours when answering, the peer's when reading) and the media to start. */
    record Agreed(SessionDescription answer, MediaParameters parameters) implements Negotiation {
        public Agreed {
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(parameters, "parameters");
        }
    }

    /** No usable media: {@code sipStatus} is 488 (Not Acceptable Here), {@code reason} says why. */
    record Refused(int sipStatus, String reason) implements Negotiation {
    }

    static Refused notAcceptable(String reason) {
        return new Refused(488, reason);
    }
}
