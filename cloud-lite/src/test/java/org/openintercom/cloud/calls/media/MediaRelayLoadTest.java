package org.openintercom.cloud.calls.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A short run of the load driver: 20 calls for 2 seconds through the in-process relay. */
class MediaRelayLoadTest {

    private static final Logger LOG = LoggerFactory.getLogger(MediaRelayLoadTest.class);

    @Test
    void twenty_calls_for_two_seconds_pass_through_the_relay() throws Exception {
        MediaRelay relay = MediaRelay.start(MediaRelayConfig.builder().bindAddress(InetAddress.getLoopbackAddress())
                .ports(25000, 25999).idleTimeout(Duration.ofSeconds(30)).build(), MediaRelayListener.NONE);

        MediaRelayLoad.Result result;
        try (MediaRelayLoad.Target target = MediaRelayLoad.inProcess(relay)) {
            result = MediaRelayLoad.run(20, 2, InetAddress.getLoopbackAddress(), target);
            RelayStats stats = relay.stats();
            assertThat(stats.openSessions()).isEqualTo(20);
            assertThat(stats.callerToCallee().packets() + stats.calleeToCaller().packets())
                    .isGreaterThanOrEqualTo(result.received());
        }
        LOG.info("Load smoke: {}", result.describe());

        assertThat(result.sent()).isEqualTo(20 * 2 * 100);
        assertThat(result.lossPercent()).isLessThan(1.0);
        assertThat(result.p50Micros()).isPositive().isLessThan(20_000);
        assertThat(result.relayCpuMillis()).isNotNegative();
        assertThat(relay.stats().portPairsInUse()).isZero();
    }
}
