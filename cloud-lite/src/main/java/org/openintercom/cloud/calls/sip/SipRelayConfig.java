package org.openintercom.cloud.calls.sip;

import java.net.InetAddress;
import org.openintercom.cloud.calls.announce.Announcements;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.cloud.calls.media.MediaRelayConfig;

/**
 * How the call relay listens and behaves. Immutable; made with {@link #builder()}.
 *
 * @param bindAddress the local address the SIP transports bind
 * @param advertisedHost the host name or address put in Record-Route and Via (what phones reach the relay at)
 * @param udpPort the UDP port, 0 for a free one, empty for none
 * @param tcpPort the TCP port, 0 for a free one, empty for none
 * @param tlsPort the TLS port (5061 in production), 0 for a free one, empty for none; needs {@code tls}
 * @param tls the TLS identity and trust, when TLS is on
 * @param domain the SIP domain the relay serves (requests for other domains are refused with 404)
 * @param realm the digest realm
 * @param minExpires the shortest registration interval accepted (shorter: 423 with Min-Expires)
 * @param maxExpires the longest registration interval granted (longer ones are cut to it)
 * @param nonceLifetime how long a digest nonce stays good
 * @param digestAlgorithms the digest algorithms offered in each challenge, in order (MD5 by default: many phones,
 *     baresip among them, give up on a challenge set that contains an algorithm they do not know)
 * @param ringTimeout how long a call to a user rings before it ends with 408 / the no-answer rule
 * @param floodLimit requests per second one source address may send (sustained; twice that as a burst)
 * @param trustedSources sources (CIDR) whose requests need no digest and are not rate limited (a trunk, a load
 *     generator); empty by default
 * @param workerThreads threads the SIP stack hands events to
 * @param clock time for expiry, nonces and limits
 * @param media the media relay (RTP/SRTP anchored on a port range, SDP rewritten), or empty to let media flow
 *     directly between the phones
 * @param talkLimit how long an answered call may last before the relay ends it with BYE to both sides (10 min by
 *     default), or empty for no limit
 * @param announcements the messages the relay plays (ring groups' PLAY_MESSAGE, queue positions); the built-in ones
 *     by default
 */
public record SipRelayConfig(InetAddress bindAddress, String advertisedHost, Optional<Integer> udpPort,
        Optional<Integer> tcpPort, Optional<Integer> tlsPort, Optional<RelayTls> tls, String domain, String realm,
        Duration minExpires, Duration maxExpires, Duration nonceLifetime, List<String> digestAlgorithms,
        Duration ringTimeout, int floodLimit, List<Cidr> trustedSources, int workerThreads, Clock clock,
        Optional<MediaRelayConfig> media, Optional<Duration> talkLimit, Announcements announcements) {

    public SipRelayConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(advertisedHost, "advertisedHost");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(announcements, "announcements");
        udpPort.ifPresent(p -> checkPort("udp-port", p));
        tcpPort.ifPresent(p -> checkPort("tcp-port", p));
        tlsPort.ifPresent(p -> checkPort("tls-port", p));
        if (tlsPort.isPresent() && tls.isEmpty()) {
            throw new IllegalArgumentException("tls-port " + tlsPort.get() + " needs the relay's TLS key and trust"
                    + " stores");
        }
        if (udpPort.isEmpty() && tcpPort.isEmpty() && tlsPort.isEmpty()) {
            throw new IllegalArgumentException("the call relay needs at least one transport (udp-port, tcp-port or"
                    + " tls-port)");
        }
        if (minExpires.isNegative() || minExpires.compareTo(maxExpires) > 0) {
            throw new IllegalArgumentException("min-expires " + minExpires.toSeconds() + " s must be between 0 and"
                    + " max-expires " + maxExpires.toSeconds() + " s");
        }
        if (ringTimeout.toSeconds() < 5 || ringTimeout.toMinutes() > 10) {
            throw new IllegalArgumentException("ring-timeout " + ringTimeout.toSeconds()
                    + " s must be between 5 s and 10 min");
        }
        talkLimit.ifPresent(limit -> {
            if (limit.toMillis() < 1000) {
                throw new IllegalArgumentException("talk-limit " + limit + " must be at least 1 s");
            }
        });
        if (floodLimit < 1) {
            throw new IllegalArgumentException("flood-limit " + floodLimit + " must be at least 1 request/s");
        }
        if (workerThreads < 1 || workerThreads > 64) {
            throw new IllegalArgumentException("worker-threads " + workerThreads + " must be between 1 and 64");
        }
        trustedSources = List.copyOf(trustedSources);
        digestAlgorithms = List.copyOf(digestAlgorithms);
        if (digestAlgorithms.isEmpty()) {
            throw new IllegalArgumentException("digest-algorithms must name at least one of MD5, SHA-256");
        }
        for (String a : digestAlgorithms) {
            if (!a.equals("MD5") && !a.equals("SHA-256")) {
                throw new IllegalArgumentException("digest algorithm '" + a + "' is not one of MD5, SHA-256");
            }
        }
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " " + port + " is not a port (0-65535)");
        }
    }

    /** Whether requests from {@code source} skip digest and rate limits. */
    boolean trusted(InetAddress source) {
        for (Cidr c : trustedSources) {
            if (c.contains(source)) {
                return true;
            }
        }
        return false;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SipRelayConfig}; defaults: loopback, UDP and TCP on free ports, domain and realm "openintercom". */
    public static final class Builder {
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private String advertisedHost;
        private Optional<Integer> udpPort = Optional.of(0);
        private Optional<Integer> tcpPort = Optional.of(0);
        private Optional<Integer> tlsPort = Optional.empty();
        private Optional<RelayTls> tls = Optional.empty();
        private String domain = "openintercom";
        private String realm;
        private Duration minExpires = Duration.ofSeconds(60);
        private Duration maxExpires = Duration.ofHours(1);
        private Duration nonceLifetime = Duration.ofMinutes(5);
        private List<String> digestAlgorithms = List.of("MD5");
        private Duration ringTimeout = Duration.ofSeconds(60);
        private int floodLimit = 50;
        private final List<Cidr> trustedSources = new ArrayList<>();
        private int workerThreads = 4;
        private Clock clock = Clock.systemUTC();
        private Optional<MediaRelayConfig> media = Optional.empty();
        private Optional<Duration> talkLimit = Optional.of(Duration.ofMinutes(10));
        private Announcements announcements;

        private Builder() {
        }

        public Builder bindAddress(InetAddress address) {
            this.bindAddress = address;
            return this;
        }

        public Builder bindAddress(String address) {
            try {
                return bindAddress(InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bind address '" + address + "' is not an address", e);
            }
        }

        public Builder advertisedHost(String host) {
            this.advertisedHost = host;
            return this;
        }

        /** The UDP port; 0 picks a free one; {@code null} turns UDP off. */
        public Builder udpPort(Integer port) {
            this.udpPort = Optional.ofNullable(port);
            return this;
        }

        /** The TCP port; 0 picks a free one; {@code null} turns TCP off. */
        public Builder tcpPort(Integer port) {
            this.tcpPort = Optional.ofNullable(port);
            return this;
        }

        /** Turns TLS on at {@code port} (0 picks a free one) with {@code tls}. */
        public Builder tls(Integer port, RelayTls tls) {
            this.tlsPort = Optional.ofNullable(port);
            this.tls = Optional.ofNullable(tls);
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        public Builder realm(String realm) {
            this.realm = realm;
            return this;
        }

        public Builder expires(Duration min, Duration max) {
            this.minExpires = min;
            this.maxExpires = max;
            return this;
        }

        public Builder nonceLifetime(Duration lifetime) {
            this.nonceLifetime = lifetime;
            return this;
        }

        /** The digest algorithms to offer, e.g. {@code SHA-256, MD5} (RFC 8760 order: strongest first). */
        public Builder digestAlgorithms(String... algorithms) {
            this.digestAlgorithms = List.of(algorithms);
            return this;
        }

        public Builder ringTimeout(Duration timeout) {
            this.ringTimeout = timeout;
            return this;
        }

        public Builder floodLimit(int requestsPerSecond) {
            this.floodLimit = requestsPerSecond;
            return this;
        }

        /** Trusts a source network, e.g. {@code 127.0.0.1/32} or {@code 10.0.0.0/8}. */
        public Builder trust(String cidr) {
            this.trustedSources.add(Cidr.parse(cidr));
            return this;
        }

        public Builder workerThreads(int threads) {
            this.workerThreads = threads;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long an answered call may last (default 10 min); null for no limit. */
        public Builder talkLimit(Duration limit) {
            this.talkLimit = Optional.ofNullable(limit);
            return this;
        }

        /** Anchors media through a media relay with {@code config} (RTP/SRTP on its port range, SDP rewritten). */
        public Builder media(MediaRelayConfig config) {
            this.media = Optional.ofNullable(config);
            return this;
        }

        /** The messages the relay plays (default: the built-in ones). */
        public Builder announcements(Announcements library) {
            this.announcements = library;
            return this;
        }

        public SipRelayConfig build() {
            String advertised = advertisedHost != null ? advertisedHost
                    : bindAddress.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress()
                    : bindAddress.getHostAddress();
            return new SipRelayConfig(bindAddress, advertised, udpPort, tcpPort, tlsPort, tls, domain,
                    realm != null ? realm : domain, minExpires, maxExpires, nonceLifetime, digestAlgorithms,
                    ringTimeout, floodLimit, trustedSources, workerThreads, clock, media, talkLimit,
                    announcements != null ? announcements : Announcements.builtIn());
        }
    }
}
