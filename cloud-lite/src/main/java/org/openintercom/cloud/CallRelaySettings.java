package org.openintercom.cloud;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openintercom.cloud.calls.media.MediaRelayConfig;
import org.openintercom.cloud.calls.sip.Cidr;

/**
 * How cloud-lite runs its call relay: on or off, its SIP ports (UDP and TCP 5060, TLS 5061 by default; 0 picks a
 * free port, empty turns a transport off), the media relay's UDP port range (10000–50000) or no media anchoring,
 * how long a call may ring and how long a conversation may last, the networks trusted without
 * authentication (a trunk; none by default), and a directory of the operator's announcements (WAV files that add to
 * or replace the built-in messages; none by default). Immutable; {@link #builder()} has the defaults.
 */
public record CallRelaySettings(boolean enabled, Optional<Integer> udpPort, Optional<Integer> tcpPort,
        Optional<Integer> tlsPort, boolean anchorMedia, int mediaPortMin, int mediaPortMax, Duration ringTimeout,
        Duration talkLimit, List<String> trustedNetworks, Optional<java.nio.file.Path> announcements,
        Optional<Integer> mediaThreads) {

    /** Conversations end after this long unless configured otherwise. */
    public static final Duration DEFAULT_TALK_LIMIT = Duration.ofMinutes(10);

    public CallRelaySettings {
        port("sip-udp-port", udpPort);
        port("sip-tcp-port", tcpPort);
        port("sip-tls-port", tlsPort);
        if (enabled && tlsPort.isEmpty()) {
            throw new IllegalArgumentException("the call relay needs its TLS port (stations register over TLS with"
                    + " their device certificates); turn the relay off instead");
        }
        if (mediaPortMin < 1024 || mediaPortMax > 65535 || mediaPortMax - mediaPortMin < 3) {
            throw new IllegalArgumentException("media-ports " + mediaPortMin + "-" + mediaPortMax
                    + " must lie within 1024-65535 and hold at least two port pairs");
        }
        if (ringTimeout.toSeconds() < 5 || ringTimeout.toMinutes() > 10) {
            throw new IllegalArgumentException("ring-timeout " + ringTimeout.toSeconds()
                    + " s must be between 5 s and 10 min");
        }
        if (talkLimit.toSeconds() < 1 || talkLimit.toHours() > 24) {
            throw new IllegalArgumentException("talk-limit " + talkLimit.toSeconds() + " s must be between 1 s and"
                    + " 24 h");
        }
        mediaThreads.ifPresent(n -> {
            if (n < 1 || n > MediaRelayConfig.MAX_IO_THREADS) {
                throw new IllegalArgumentException("media-threads " + n + " must be 1 to "
                        + MediaRelayConfig.MAX_IO_THREADS);
            }
        });
        trustedNetworks = List.copyOf(trustedNetworks);
        for (String cidr : trustedNetworks) {
            Cidr.parse(cidr);
        }
    }

    private static void port(String name, Optional<Integer> port) {
        port.ifPresent(p -> {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException(name + " must be 0..65535 (0 picks a free port), not " + p);
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: UDP and TCP 5060, TLS 5061, media anchored on 10000–50000, 60 s ring, 10 min talk. */
    public static CallRelaySettings defaults() {
        return builder().build();
    }

    /** No call relay (stations call each other directly; the enrollment answer names no relay). */
    public static CallRelaySettings off() {
        return builder().enabled(false).build();
    }

    /** Builds {@link CallRelaySettings}. */
    public static final class Builder {
        private boolean enabled = true;
        private Optional<Integer> udpPort = Optional.of(5060);
        private Optional<Integer> tcpPort = Optional.of(5060);
        private Optional<Integer> tlsPort = Optional.of(5061);
        private boolean anchorMedia = true;
        private int mediaPortMin = 10000;
        private int mediaPortMax = 50000;
        private Optional<Integer> mediaThreads = Optional.empty();
        private Duration ringTimeout = Duration.ofSeconds(60);
        private Duration talkLimit = DEFAULT_TALK_LIMIT;
        private List<String> trustedNetworks = List.of();
        private Optional<java.nio.file.Path> announcements = Optional.empty();

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** The SIP ports; null turns a transport off (TLS cannot be off), 0 picks a free port. */
        public Builder ports(Integer udp, Integer tcp, Integer tls) {
            this.udpPort = Optional.ofNullable(udp);
            this.tcpPort = Optional.ofNullable(tcp);
            this.tlsPort = Optional.ofNullable(tls);
            return this;
        }

        /** Free ports for all three transports (tests, the simulator, the demo). */
        public Builder freePorts() {
            return ports(0, 0, 0);
        }

        /** Whether RTP/SRTP goes through the relay (default) or directly between the phones. */
        public Builder anchorMedia(boolean anchorMedia) {
            this.anchorMedia = anchorMedia;
            return this;
        }

        public Builder mediaPorts(int min, int max) {
            this.mediaPortMin = min;
            this.mediaPortMax = max;
            return this;
        }

        public Builder ringTimeout(Duration ringTimeout) {
            this.ringTimeout = ringTimeout;
            return this;
        }

        /** How long a conversation may last before the relay ends it with BYE to both sides (default 10 min). */
        public Builder talkLimit(Duration talkLimit) {
            this.talkLimit = talkLimit;
            return this;
        }

        /** Networks (CIDR) whose requests need no authentication, e.g. a SIP trunk. */
        public Builder trustedNetworks(List<String> cidrs) {
            this.trustedNetworks = cidrs;
            return this;
        }

        /** A directory of {@code NAME.wav} files (8 kHz mono) adding to or replacing the built-in messages. */
        public Builder announcements(java.nio.file.Path directory) {
            this.announcements = Optional.ofNullable(directory);
            return this;
        }

        /** The media relay's I/O threads (default one per core, at most 16). */
        public Builder mediaThreads(Integer threads) {
            this.mediaThreads = Optional.ofNullable(threads);
            return this;
        }

        public CallRelaySettings build() {
            return new CallRelaySettings(enabled, udpPort, tcpPort, tlsPort, anchorMedia, mediaPortMin, mediaPortMax,
                    ringTimeout, talkLimit, trustedNetworks, announcements, mediaThreads);
        }
    }
}
