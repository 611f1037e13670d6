package org.openintercom.agent.config;

import java.util.Optional;

/**
 * What pressing a button does: {@link Kind#CALL} dials the SIP URI in {@code argument} (peer-to-peer works
 * without a server), {@link Kind#ANSWER} answers a ringing call or hangs up a connected one, {@link Kind#HANGUP}
 * ends the current call, {@link Kind#OPEN_DOOR} opens this station's door, {@link Kind#SEND_DTMF} sends the
 * digits in {@code argument} to the other side of the connected call (an indoor station's "door" key sending
 * the door station's code).
 */
public record ButtonAction(Kind kind, Optional<String> argument) {

    public enum Kind { CALL, ANSWER, HANGUP, OPEN_DOOR, SEND_DTMF }

    public static ButtonAction call(String target) {
        return new ButtonAction(Kind.CALL, Optional.of(target));
    }

    public static ButtonAction sendDtmf(String digits) {
        return new ButtonAction(Kind.SEND_DTMF, Optional.of(digits));
    }

    public static ButtonAction of(Kind kind) {
        return new ButtonAction(kind, Optional.empty());
    }
}
