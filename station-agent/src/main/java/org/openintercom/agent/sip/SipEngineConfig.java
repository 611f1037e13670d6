package org.openintercom.agent.sip;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.agent.media.MediaFactory;
import org.openintercom.hal.audio.AudioSink;
import org.openintercom.hal.audio.AudioSource;
import org.openintercom.hal.model.Codec;

/**
 * Immutable settings of a SIP call engine: who we are (user part, display name), where we listen (bind address
 * and a port per enabled transport, 0 = ephemeral), TLS material, the station's codecs, the user agent string,
 * the media factory with the station's microphone and speaker, an optional outbound proxy
 * and an optional {@link Registration}.
 */
public final class SipEngineConfig {

    private final String user;
    private final String displayName;
    private final InetAddress bindAddress;
    private final Map<SipTransport, Integer> ports;
    private final Optional<TlsMaterial> tls;
    private final List<Codec> codecs;
    private final String userAgent;
    private final MediaFactory mediaFactory;
    private final AudioSource microphone;
    private final AudioSink speaker;
    private final Optional<String> outboundProxy;
    private final Optional<Registration> registration;
    private final Optional<CallerCheck> callerCheck;

    private SipEngineConfig(Builder b) {
        this.user = require(b.user, "user");
        if (!user.matches("[A-Za-z0-9._~!$&'()*+,;=-]+")) {
            throw new IllegalArgumentException("user must be a plain SIP user part, not '" + user + "'");
        }
        this.displayName = b.displayName == null ? "" : b.displayName;
        this.bindAddress = require(b.bindAddress, "bindAddress");
        if (bindAddress.isAnyLocalAddress()) {
            throw new IllegalArgumentException("bindAddress must be the station's own address, not "
                    + bindAddress.getHostAddress() + ": Via, Contact and SDP carry it to peers");
        }
        if (b.ports.isEmpty()) {
            throw new IllegalArgumentException("enable at least one transport (udpPort, tcpPort or tlsPort)");
        }
        b.ports.forEach((t, p) -> {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException(t + " port must be 0-65535, not " + p);
            }
        });
        this.ports = Map.copyOf(b.ports);
        this.tls = Optional.ofNullable(b.tls);
        if (ports.containsKey(SipTransport.TLS) && tls.isEmpty()) {
            throw new IllegalArgumentException("the TLS transport is enabled but no tls(TlsMaterial) was given");
        }
        this.codecs = List.copyOf(require(b.codecs, "codecs"));
        if (codecs.isEmpty()) {
            throw new IllegalArgumentException("codecs must list at least one codec");
        }
        this.userAgent = b.userAgent == null ? "OpenIntercom" : b.userAgent;
        this.mediaFactory = require(b.mediaFactory, "mediaFactory");
        this.microphone = require(b.microphone, "microphone");
        this.speaker = require(b.speaker, "speaker");
        this.outboundProxy = Optional.ofNullable(b.outboundProxy);
        this.callerCheck = Optional.ofNullable(b.callerCheck);
        this.registration = Optional.ofNullable(b.registration)
                .map(r -> r.user().isEmpty() ? r.withUser(user) : r);
        registration.ifPresent(r -> {
            if (!ports.containsKey(r.transport())) {
                throw new IllegalArgumentException("the registrar " + r.registrar() + " is reached over "
                        + r.transport() + ", which is not enabled (set its port)");
            }
        });
    }

    private static <T> T require(T value, String name) {
        return Objects.requireNonNull(value, () -> "SipEngineConfig." + name + " must be set");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to derive a modified copy. */
    public Builder toBuilder() {
        Builder b = new Builder().user(user).displayName(displayName).bindAddress(bindAddress).codecs(codecs)
                .userAgent(userAgent).media(mediaFactory, microphone, speaker);
        b.ports.putAll(ports);
        b.tls = tls.orElse(null);
        b.outboundProxy = outboundProxy.orElse(null);
        b.registration = registration.orElse(null);
        b.callerCheck = callerCheck.orElse(null);
        return b;
    }

    public String user() {
        return user;
    }

    public String displayName() {
        return displayName;
    }

    public InetAddress bindAddress() {
        return bindAddress;
    }

    /** The configured port of {@code transport} (0 = ephemeral), empty when the transport is disabled. */
    public Optional<Integer> port(SipTransport transport) {
        return Optional.ofNullable(ports.get(transport));
    }

    public Optional<TlsMaterial> tls() {
        return tls;
    }

    public List<Codec> codecs() {
        return codecs;
    }

    public String userAgent() {
        return userAgent;
    }

    public MediaFactory mediaFactory() {
        return mediaFactory;
    }

    public AudioSource microphone() {
        return microphone;
    }

    public AudioSink speaker() {
        return speaker;
    }

    /** A SIP URI every request is routed through (not used yet). */
    public Optional<String> outboundProxy() {
        return outboundProxy;
    }

    /**
     * The registrar the engine registers with after start, refreshing until close; its user is the engine's
     * user unless the registration names one.
     */
    public Optional<Registration> registration() {
        return registration;
    }

    /** What callers over TLS must pass besides the handshake (e.g. not revoked); none: every TLS caller rings. */
    public Optional<CallerCheck> callerCheck() {
        return callerCheck;
    }

    /** Builder; defaults: no display name, user agent "OpenIntercom", all codecs, no transport enabled. */
    public static final class Builder {
        private String user;
        private String displayName;
        private InetAddress bindAddress;
        private final Map<SipTransport, Integer> ports = new EnumMap<>(SipTransport.class);
        private TlsMaterial tls;
        private List<Codec> codecs = List.of(Codec.OPUS, Codec.G722, Codec.G711);
        private String userAgent;
        private MediaFactory mediaFactory;
        private AudioSource microphone;
        private AudioSink speaker;
        private String outboundProxy;
        private Registration registration;
        private CallerCheck callerCheck;

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder displayName(String displayName) {
            this.displayName = displayName;
            return this;
        }

        public Builder bindAddress(InetAddress bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        /** Enables {@code transport} on {@code port} (0 = an ephemeral port). */
        public Builder port(SipTransport transport, int port) {
            ports.put(transport, port);
            return this;
        }

        public Builder udpPort(int port) {
            return port(SipTransport.UDP, port);
        }

        public Builder tcpPort(int port) {
            return port(SipTransport.TCP, port);
        }

        public Builder tlsPort(int port) {
            return port(SipTransport.TLS, port);
        }

        public Builder tls(TlsMaterial tls) {
            this.tls = tls;
            return this;
        }

        public Builder codecs(List<Codec> codecs) {
            this.codecs = codecs;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        /** The media factory and the station's microphone and speaker that every call's media uses. */
        public Builder media(MediaFactory factory, AudioSource microphone, AudioSink speaker) {
            this.mediaFactory = factory;
            this.microphone = microphone;
            this.speaker = speaker;
            return this;
        }

        public Builder outboundProxy(String uri) {
            this.outboundProxy = uri;
            return this;
        }

        /** Registers with {@code registration}'s registrar (null = no registration, the default). */
        /** Checks every caller over TLS by its certificate chain before it rings (403 when refused). */
        public Builder callerCheck(CallerCheck check) {
            this.callerCheck = check;
            return this;
        }

        public Builder registration(Registration registration) {
            this.registration = registration;
            return this;
        }

        public SipEngineConfig build() {
            return new SipEngineConfig(this);
        }
    }
}
