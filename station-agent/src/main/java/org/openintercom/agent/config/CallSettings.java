package org.openintercom.agent.config;

import java.time.Duration;
import org.openintercom.agent.sip.DtmfMode;

/**
 * How calls behave: ring timeout, talk limit with its warning tone and the DTMF key that extends it,
 * auto-answer for indoor stations, how this station sends DTMF, and after how long without audio from the
 * other side a connected call is ended (the other side died; zero = never).
 */
public record CallSettings(
        Duration ringTimeout,
        Duration talkLimit,
        Duration talkLimitWarning,
        char extendKey,
        boolean autoAnswer,
        Duration autoAnswerDelay,
        DtmfMode dtmfMode,
        Duration mediaTimeout) {

    public static final CallSettings DEFAULTS = new CallSettings(
            Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(30), '*', false, Duration.ZERO,
            DtmfMode.RFC4733, Duration.ofSeconds(30));
}
