package org.openintercom.agent.config;

import java.time.Duration;

/** RTP settings: the UDP port range and the jitter buffer's target and maximum depth. */
public record MediaSettings(int rtpPortMin, int rtpPortMax, Duration jitterTarget, Duration jitterMax) {

    public static final MediaSettings DEFAULTS =
            new MediaSettings(10_000, 20_000, Duration.ofMillis(40), Duration.ofMillis(200));
}
