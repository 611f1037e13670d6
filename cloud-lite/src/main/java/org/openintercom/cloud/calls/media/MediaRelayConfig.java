package org.openintercom.cloud.calls.media;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Immutable configuration of a {@link MediaRelay}.
 *
 * @param bindAddress local address the media sockets bind to ({@code 0.0.0.0} in production, {@code 127.0.0.1}
 *        in tests)
 * @param advertisedAddress address written into the rewritten SDP, the one phones send their media to (the
 *        public address when the relay is behind NAT); IPv4 gives {@code IN IP4}, IPv6 {@code IN IP6}
 * @param ports the UDP ports the relay binds
 * @param idleTimeout a session that forwarded nothing for this long is closed and reported to the
 *        {@link MediaRelayListener} (the clock starts at its first packet or at the answer, see
 *        {@link RelaySession})
 * @param latchWindow how long after the first packet of a leg a better-matching source may still take over the
 *        latch (see {@link RelayLeg}); after it the latched source is final
 * @param ioThreads the I/O threads that forward packets, 1 to {@value #MAX_IO_THREADS}; each call's packets stay on
 *        one of them
 */
public record MediaRelayConfig(
        InetAddress bindAddress,
        InetAddress advertisedAddress,
        PortRange ports,
        Duration idleTimeout,
        Duration latchWindow,
        int ioThreads) {

    /** The most I/O threads a relay runs. */
    public static final int MAX_IO_THREADS = 64;

    public MediaRelayConfig {
        require(bindAddress, "bindAddress");
        require(advertisedAddress, "advertisedAddress");
        require(ports, "ports");
        require(idleTimeout, "idleTimeout");
        require(latchWindow, "latchWindow");
        if (advertisedAddress.isAnyLocalAddress()) {
            throw new IllegalArgumentException("media relay config: advertisedAddress "
                    + advertisedAddress.getHostAddress() + " is a wildcard; phones cannot send to it");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("media relay config: idleTimeout " + idleTimeout + " must be positive");
        }
        if (ioThreads < 1 || ioThreads > MAX_IO_THREADS) {
            throw new IllegalArgumentException("media relay config: ioThreads " + ioThreads + " must be 1 to "
                    + MAX_IO_THREADS);
        }
        if (latchWindow.isNegative()) {
            throw new IllegalArgumentException("media relay config: latchWindow " + latchWindow
                    + " must not be negative");
        }
    }

    /**
     * A builder with the defaults: bind and advertise 127.0.0.1, ports 10000..50000, idle timeout 60 s, latch
     * window 3 s, one I/O thread per core (at most 16).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration, for a modified copy. */
    public Builder extend() {
        return new Builder().bindAddress(bindAddress).advertisedAddress(advertisedAddress).ports(ports)
                .idleTimeout(idleTimeout).latchWindow(latchWindow).ioThreads(ioThreads);
    }

    private static void require(Object value, String key) {
        if (value == null) {
            throw new IllegalArgumentException("media relay config: " + key + " is required");
        }
    }

    /** Collects the settings of a {@link MediaRelayConfig}. */
    public static final class Builder {
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private InetAddress advertisedAddress;
        private PortRange ports = PortRange.DEFAULT;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration latchWindow = Duration.ofSeconds(3);
        private int ioThreads = Math.min(16, Runtime.getRuntime().availableProcessors());

        private Builder() {
        }

        /** The local bind address; also the advertised one unless {@link #advertisedAddress} is set. */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = address;
            return this;
        }

        public Builder advertisedAddress(InetAddress address) {
            this.advertisedAddress = address;
            return this;
        }

        public Builder ports(PortRange range) {
            this.ports = range;
            return this;
        }

        public Builder ports(int min, int max) {
            return ports(new PortRange(min, max));
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        public Builder latchWindow(Duration window) {
            this.latchWindow = window;
            return this;
        }

        public Builder ioThreads(int threads) {
            this.ioThreads = threads;
            return this;
        }

        public MediaRelayConfig build() {
            return new MediaRelayConfig(bindAddress,
                    advertisedAddress != null ? advertisedAddress : bindAddress, ports, idleTimeout, latchWindow,
                    ioThreads);
        }
    }
}
