package org.openintercom.agent.media;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable media settings: the address RTP binds to, the UDP port range (even ports, inclusive), and the
 * jitter buffer's target and maximum depth.
 */
public final class MediaConfig {

    private final InetAddress bindAddress;
    private final int portMin;
    private final int portMax;
    private final Duration jitterTarget;
    private final Duration jitterMax;

    private MediaConfig(Builder b) {
        this.bindAddress = Objects.requireNonNull(b.bindAddress, "bindAddress");
        if (b.portMin < 1024 || b.portMax > 65535 || b.portMin > b.portMax) {
            throw new IllegalArgumentException(
                    "RTP port range must lie within 1024-65535 with min <= max, not " + b.portMin + "-" + b.portMax);
        }
        this.portMin = b.portMin;
        this.portMax = b.portMax;
        this.jitterTarget = b.jitterTarget;
        this.jitterMax = b.jitterMax;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().bindAddress(bindAddress).portRange(portMin, portMax).jitter(jitterTarget, jitterMax);
    }

    public InetAddress bindAddress() {
        return bindAddress;
    }

    public int portMin() {
        return portMin;
    }

    public int portMax() {
        return portMax;
    }

    public Duration jitterTarget() {
        return jitterTarget;
    }

    public Duration jitterMax() {
        return jitterMax;
    }

    /** Builder with defaults: loopback, ports 10000-20000, jitter buffer 40 ms target, 200 ms max. */
    public static final class Builder {
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int portMin = 10_000;
        private int portMax = 20_000;
        private Duration jitterTarget = Duration.ofMillis(40);
        private Duration jitterMax = Duration.ofMillis(200);

        public Builder bindAddress(InetAddress address) {
            this.bindAddress = address;
            return this;
        }

        public Builder portRange(int min, int max) {
            this.portMin = min;
            this.portMax = max;
            return this;
        }

        public Builder jitter(Duration target, Duration max) {
            this.jitterTarget = target;
            this.jitterMax = max;
            return this;
        }

        public MediaConfig build() {
            return new MediaConfig(this);
        }
    }
}
