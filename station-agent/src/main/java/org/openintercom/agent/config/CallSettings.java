package org.openintercom.agent.config;

import java.time.Duration;
import org.openintercom.agent.sip.DtmfMode;

/**
 * How calls behave: ring timeout, talk limit with its warning tone and the DTMF key that extends it,
 * auto-answer for indoor stations, and how this station sends DTMF.
 */
public record CallSettings(
        Duration ringTimeout,
        Duration talkLimit,
        Duration talkLimitWarning,
        char extendKey,
        boolean autoAnswer,
        Duration autoAnswerDelay,
        DtmfMode dtmfMode) {

    public static final CallSettings DEFAULTS = new CallSettings(
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(30), '*', false, Duration.ZERO,
            DtmfMode.RFC4733);
}
