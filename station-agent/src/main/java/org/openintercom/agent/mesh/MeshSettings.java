package org.openintercom.agent.mesh;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the mesh runs: whether at all, on which interfaces, the mDNS port, and how often and how patiently peers
 * are probed.
 *
 * @param interfaces interface names, or {@code ["auto"]}: every interface that is up, not loopback, and has an IPv6
 *        link-local address. A named interface without one may use an IPv4 link-local or loopback address (tests).
 * @param mdnsPort the mDNS port, 5353 except in tests; JmDNS reads it once per JVM ({@code net.mdns.port})
 * @param probeInterval how often every known peer is probed
 * @param misses after how many unanswered probes in a row a peer counts as gone
 * @param probeTimeout the connect and the TLS handshake timeout of one probe
 * @param failAfter how long the cloud must have been unreachable, without a break, before the station calls over the
 *        mesh ({@link CloudLinkMonitor})
 * @param recoverAfter how long the cloud must have been reachable again, without a break, before the station calls
 *        through the cloud again
 * @param sipPort the SIP over TLS port of the station's mesh call engine (on the mesh interface's address), or 0: a
 *        free port, chosen when the engine first starts and kept while the agent runs (discovery announces it)
 * @param relayAnswerTimeout in {@link LinkMode#CLOUD}, how long a call through the relay may go without any response
 *        from the relay (not even 100 Trying) before the station gives it up and rings the button's fallback targets
 *        over the mesh (the call-time fallback); zero turns the call-time fallback off
 */
public record MeshSettings(boolean enabled, List<String> interfaces, int mdnsPort, Duration probeInterval,
        int misses, Duration probeTimeout, Duration failAfter, Duration recoverAfter, int sipPort,
        Duration relayAnswerTimeout) {

    /** The interface list meaning "every suitable interface". */
    public static final String AUTO = "auto";
    /** The standard mDNS port. */
    public static final int MDNS_PORT = 5353;

    public MeshSettings {
        interfaces = List.copyOf(interfaces);
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(failAfter, "failAfter");
        Objects.requireNonNull(recoverAfter, "recoverAfter");
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("mesh interfaces: name at least one, or \"" + AUTO + "\"");
        }
        if (interfaces.contains(AUTO) && interfaces.size() > 1) {
            throw new IllegalArgumentException("mesh interfaces: \"" + AUTO + "\" stands alone, got " + interfaces);
        }
        if (mdnsPort < 1 || mdnsPort > 65_535) {
            throw new IllegalArgumentException("mesh mDNS port " + mdnsPort + " is not 1-65535");
        }
        if (probeInterval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("mesh probe interval " + probeInterval + " is shorter than 100 ms");
        }
        if (misses < 1) {
            throw new IllegalArgumentException("mesh misses " + misses + " is not at least 1");
        }
        if (probeTimeout.isNegative() || probeTimeout.isZero()) {
            throw new IllegalArgumentException("mesh probe timeout " + probeTimeout + " is not positive");
        }
        if (failAfter.isNegative() || failAfter.isZero()) {
            throw new IllegalArgumentException("mesh fail-after " + failAfter + " is not positive");
        }
        if (recoverAfter.isNegative() || recoverAfter.isZero()) {
            throw new IllegalArgumentException("mesh recover-after " + recoverAfter + " is not positive");
        }
        if (sipPort < 0 || sipPort > 65_535) {
            throw new IllegalArgumentException("mesh SIP port " + sipPort + " is not 0-65535 (0: a free port)");
        }
        Objects.requireNonNull(relayAnswerTimeout, "relayAnswerTimeout");
        if (relayAnswerTimeout.isNegative()) {
            throw new IllegalArgumentException("mesh relay-answer-timeout " + relayAnswerTimeout
                    + " is negative (0 turns the call-time fallback off)");
        }
    }

    /** Settings with the default relay answer timeout (2 s). */
    public MeshSettings(boolean enabled, List<String> interfaces, int mdnsPort, Duration probeInterval, int misses,
            Duration probeTimeout, Duration failAfter, Duration recoverAfter, int sipPort) {
        this(enabled, interfaces, mdnsPort, probeInterval, misses, probeTimeout, failAfter, recoverAfter, sipPort,
                Builder.RELAY_ANSWER_TIMEOUT);
    }

    /** Settings with a free SIP port for the mesh engine. */
    public MeshSettings(boolean enabled, List<String> interfaces, int mdnsPort, Duration probeInterval, int misses,
            Duration probeTimeout, Duration failAfter, Duration recoverAfter) {
        this(enabled, interfaces, mdnsPort, probeInterval, misses, probeTimeout, failAfter, recoverAfter, 0);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder extend() {
        return new Builder().enabled(enabled).interfaces(interfaces).mdnsPort(mdnsPort).probeInterval(probeInterval)
                .misses(misses).probeTimeout(probeTimeout).failAfter(failAfter).recoverAfter(recoverAfter)
                .sipPort(sipPort).relayAnswerTimeout(relayAnswerTimeout);
    }

    /** Whether the interfaces are chosen automatically. */
    public boolean autoInterfaces() {
        return interfaces.equals(List.of(AUTO));
    }

    /**
     * Builds {@link MeshSettings}; defaults: enabled, auto interfaces, port 5353, probe every 5 s, 3 misses, 2 s;
     * mesh after 15 s without the cloud, back to the cloud after 30 s with it; the mesh engine on a free SIP port; a call
     * the relay leaves without any response for 2 s rings over the mesh.
     */
    public static final class Builder {
        static final Duration RELAY_ANSWER_TIMEOUT = Duration.ofSeconds(2);
        private boolean enabled = true;
        private List<String> interfaces = List.of(AUTO);
        private int mdnsPort = MDNS_PORT;
        private Duration probeInterval = Duration.ofSeconds(5);
        private int misses = 3;
        private Duration probeTimeout = Duration.ofSeconds(2);
        private Duration failAfter = Duration.ofSeconds(15);
        private Duration recoverAfter = Duration.ofSeconds(30);
        private int sipPort;
        private Duration relayAnswerTimeout = RELAY_ANSWER_TIMEOUT;

        private Builder() {
        }

        public Builder enabled(boolean value) {
            enabled = value;
            return this;
        }

        public Builder interfaces(List<String> value) {
            interfaces = value;
            return this;
        }

        public Builder mdnsPort(int value) {
            mdnsPort = value;
            return this;
        }

        public Builder probeInterval(Duration value) {
            probeInterval = value;
            return this;
        }

        public Builder misses(int value) {
            misses = value;
            return this;
        }

        public Builder probeTimeout(Duration value) {
            probeTimeout = value;
            return this;
        }

        public Builder failAfter(Duration value) {
            failAfter = value;
            return this;
        }

        public Builder recoverAfter(Duration value) {
            recoverAfter = value;
            return this;
        }

        /** The mesh engine's SIP over TLS port; 0 (the default): a free one. */
        public Builder sipPort(int value) {
            sipPort = value;
            return this;
        }

        /** How long a call through the relay may go without any response before it rings over the mesh; 0: never. */
        public Builder relayAnswerTimeout(Duration value) {
            relayAnswerTimeout = value;
            return this;
        }

        public MeshSettings build() {
            return new MeshSettings(enabled, interfaces, mdnsPort, probeInterval, misses, probeTimeout, failAfter,
                    recoverAfter, sipPort, relayAnswerTimeout);
        }
    }
}
