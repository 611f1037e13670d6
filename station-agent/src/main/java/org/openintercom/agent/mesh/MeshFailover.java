package org.openintercom.agent.mesh;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.openintercom.agent.call.CallController;
import org.openintercom.agent.calllog.CallLog;
import org.openintercom.agent.event.EventPublisher;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.event.StationListener;
import org.openintercom.agent.calllog.CallRecord;
import org.openintercom.agent.sip.FallbackCallEngine;
import org.openintercom.agent.sip.ForkingCallEngine;
import org.openintercom.agent.sip.RegistrationStatus;
import org.openintercom.agent.sip.SipIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A claimed station's failover to the local mesh: samples the cloud link every second ({@link CloudLinkMonitor}),
 * runs the station's discovery while it holds its cloud identity, and in {@link LinkMode#MESH} turns a press of a
 * button that rings through the relay into a mesh call: the button's fallback targets that are usable peers, rung at
 * once over SIP/TLS through the station's mesh call engine ({@link ForkingCallEngine}); each such call, once over,
 * goes to the offline call outbox. In {@link LinkMode#CLOUD} such a press rings through the relay, but falls back to
 * the mesh at once when the relay does not answer ({@link RelayFallback}, the call-time fallback). Button presses and the monitor run on the agent thread; discovery starts and stops
 * on a thread of its own (JmDNS takes seconds).
 */
public final class MeshFailover implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MeshFailover.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    /** What a station shows of itself on the mesh, besides its identity. */
    public record Station(String id, String name, String model) {
    }

    /**
     * A mesh call placed and not yet recorded; {@code reportId} is the Call-ID it is reported under: the call's own,
     * or its fallback leg's when it fell back from the relay (which may have recorded the call's own id already).
     */
    private record Placed(String target, List<String> rung, AtomicReference<String> answeredBy, String reportId) {
    }

    /** A mesh call about to be placed: for {@code target}, the peers {@code rung} at {@code uris}, in plan order. */
    record MeshRing(String target, List<String> rung, List<String> uris) {
    }

    private final Station station;
    private final Optional<MeshSettings> settings;
    private final CloudLink cloud;
    private final CloudLinkMonitor monitor;
    private final CallController calls;
    private final ForkingCallEngine engine;
    private final ForkingCallEngine.Dialer meshDialer;
    private final CallLog callLog;
    private final EventPublisher events;
    private final Clock clock;
    private final CachedCrl revocations;
    private final ExecutorService lifecycle;
    private final ScheduledFuture<?> checks;
    private final Map<String, Placed> placed = new ConcurrentHashMap<>();
    private final StationListener recorder = this::onEvent;
    private final Optional<RelayFallback> relayFallback;
    private volatile MeshDiscovery discovery;

    private MeshFailover(Builder b) {
        this.station = b.station;
        this.settings = b.settings.filter(MeshSettings::enabled);
        this.cloud = b.cloud;
        this.calls = b.calls;
        this.engine = b.engine;
        this.meshDialer = b.meshDialer;
        this.callLog = b.callLog;
        this.events = b.events;
        this.clock = b.clock;
        this.revocations = b.revocations;
        MeshSettings thresholds = b.settings.orElse(MeshSettings.builder().build());
        this.monitor = CloudLinkMonitor.of(station.id(), thresholds, clock, new CloudLinkMonitor.Signals() {
            @Override
            public boolean claimed() {
                return cloud.claimed();
            }

            @Override
            public boolean channelUp() {
                return cloud.channelUp();
            }

            @Override
            public RegistrationStatus registration() {
                return b.registration.get();
            }
        }, (from, to, why) -> events.publish(StationEvent.Type.LINK_MODE_CHANGED, null, to + " (" + why + ")"));
        this.lifecycle = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mesh-life-" + station.id());
            t.setDaemon(true);
            return t;
        });
        this.relayFallback = Optional.ofNullable(b.fallback).filter(f -> settings.isPresent())
                .map(f -> new RelayFallback(station.id(), thresholds.relayAnswerTimeout(), calls, f, new Ringer(),
                        monitor, events, b.loop, clock))
                .filter(RelayFallback::enabled);
        events.addListener(recorder);
        this.checks = b.loop.scheduleWithFixedDelay(this::check, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static Builder builder() {
        return new Builder();
    }

    private void check() {
        try {
            monitor.check();
        } catch (RuntimeException e) {
            LOG.warn("station {}: checking the cloud link failed: {}", station.id(), e.toString());
        }
    }

    /** Where calls go now. */
    public LinkMode mode() {
        return monitor.mode();
    }

    /** Holds the mode (tests, a technician), or lets the cloud link decide again when empty. */
    public void force(Optional<LinkMode> mode) {
        monitor.force(mode);
    }

    /** The stations seen on the mesh; none while discovery is not running. */
    public MeshPeers peers() {
        MeshDiscovery d = discovery;
        return d == null ? new MeshPeers(Map.of()) : d.peers();
    }

    /** The mesh settings, when the station runs a mesh (a {@code mesh:} block, enabled). */
    public Optional<MeshSettings> settings() {
        return settings;
    }

    /**
     * The station now calls as {@code identity}, its mesh call engine listening at {@code endpoint}: discovery is
     * (re)started on the endpoint's interface announcing its SIP TLS port, or stopped when the identity is gone
     * (unclaimed), the mesh is off, or no mesh engine runs.
     */
    public void identityChanged(Optional<SipIdentity> identity, Optional<MeshEndpoint> endpoint) {
        lifecycle.execute(() -> {
            stopDiscovery();
            if (identity.isEmpty() || settings.isEmpty()) {
                return;
            }
            if (endpoint.isEmpty()) {
                LOG.warn("station {}: no mesh call engine runs, so no mesh", station.id());
                return;
            }
            SipIdentity id = identity.get();
            MeshSettings on = endpoint.get().on().restrict(settings.get());
            try {
                MeshAnnouncement self = MeshAnnouncement.of(id.user(), station.name(), station.model(),
                        PeerCertificateCheck.fingerprint(id.chain().get(0)), endpoint.get().sipTlsPort());
                discovery = MeshDiscovery.start(on, self, TlsPeerVerifier.forStation(id, revocations::read, on, clock),
                        new PeerLog());
            } catch (RuntimeException e) {
                LOG.warn("station {}: the mesh cannot start: {}", station.id(), e.getMessage());
            }
        });
    }

    private void stopDiscovery() {
        MeshDiscovery d = discovery;
        discovery = null;
        if (d != null) {
            d.close();
        }
    }

    /**
     * A call button was pressed with {@code callTarget}: in {@link LinkMode#MESH}, a button that rings through the
     * relay (or has fallback targets) rings its usable fallback targets at once, or ends visibly when none is usable;
     * in {@link LinkMode#CLOUD}, a button that rings through the relay and has fallback targets rings through the
     * relay, watched, and over the mesh should the relay not answer. Returns false when the press is not the mesh's,
     * or the station runs no mesh (it dials {@code callTarget} as usual). Agent thread.
     */
    public boolean onCallButton(String button, String callTarget) {
        if (settings.isEmpty()) {
            return false; // without a mesh the press dials as it always did
        }
        LinkMode mode = monitor.mode();
        List<String> planned = cloud.fallbackTargets(button);
        Optional<String> relayName = cloud.relayName(callTarget);
        if (mode == LinkMode.CLOUD) {
            if (relayFallback.isEmpty() || relayName.isEmpty() || planned.isEmpty()) {
                return false;
            }
            relayFallback.get().dial(button, callTarget, relayName.get());
            return true;
        }
        if (mode != LinkMode.MESH || planned.isEmpty() && relayName.isEmpty()) {
            return false; // not through the relay: it may still reach its target on the LAN
        }
        String target = relayName.orElse(callTarget);
        Optional<MeshRing> ring = prepare(button, target);
        if (ring.isEmpty()) {
            noLocalStation(button, target);
            return true;
        }
        calls.dial(button, String.join(", ", ring.get().uris()), callId -> ring(callId, callId, ring.get()));
        return true;
    }

    /** The mesh call a press of {@code button} for {@code target} places now: its usable planned peers. */
    private Optional<MeshRing> prepare(String button, String target) {
        Map<String, MeshPeer> usable = peers().usable();
        List<String> rung = cloud.fallbackTargets(button).stream().filter(usable::containsKey).toList();
        if (rung.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MeshRing(target, rung, rung.stream().map(id -> uri(id, usable.get(id).address()))
                .toList()));
    }

    /** Rings {@code ring} as the leg {@code legId} (the call itself, or its fallback leg) of the call {@code callId}. */
    private void ring(String callId, String legId, MeshRing ring) {
        Placed call = new Placed(ring.target(), ring.rung(), new AtomicReference<>(), legId);
        placed.put(callId, call);
        LOG.info("station {}: mesh call {} for {} rings {}", station.id(), legId, ring.target(), ring.rung());
        engine.dialAll(legId, ring.uris(), meshDialer, i -> call.answeredBy().set(ring.rung().get(i)));
    }

    private void noLocalStation(String button, String target) {
        List<String> planned = cloud.fallbackTargets(button);
        String why = "button " + button + " (" + target + "): no local station reachable"
                + (planned.isEmpty() ? " (no fallback plan for it)" : " (plan: " + String.join(", ", planned)
                        + "; none verified and answering)");
        LOG.warn("station {}: {}", station.id(), why);
        events.publish(StationEvent.Type.NO_LOCAL_STATION, null, why);
    }

    /** The mesh side of the call-time fallback. */
    private final class Ringer implements RelayFallback.MeshRinger {
        @Override
        public Optional<MeshRing> prepare(String button, String target) {
            return MeshFailover.this.prepare(button, target);
        }

        @Override
        public void ring(String callId, String legId, MeshRing ring) {
            MeshFailover.this.ring(callId, legId, ring);
        }

        @Override
        public void noLocalStation(String button, String target) {
            MeshFailover.this.noLocalStation(button, target);
        }
    }

    /**
     * The SIPS URI of a peer's device id at its address. An IPv6 address goes in brackets without its scope: JAIN-SIP
     * refuses a scope in a URI (the scope must be re-attached where the socket is opened; see docs/mesh.md).
     */
    static String uri(String deviceId, InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address) {
            int scope = host.indexOf('%');
            host = "[" + (scope < 0 ? host : host.substring(0, scope)) + "]";
        }
        return "sips:" + deviceId + "@" + host + ":" + address.getPort() + ";transport=tls";
    }

    /** Each mesh call, once over, goes to the outbox exactly once. */
    private void onEvent(StationEvent e) {
        if (e.type() != StationEvent.Type.CALL_ENDED) {
            return;
        }
        Placed call = placed.remove(e.callId());
        if (call == null) {
            return;
        }
        callLog.find(e.callId()).ifPresentOrElse(found -> {
            CallRecord record = found.callId().equals(call.reportId()) ? found : new CallRecord(call.reportId(),
                    found.direction(), found.remote(), found.button(), found.startedAt(), found.connectedAt(),
                    found.endedAt(), found.outcome(), found.endDetail(), found.codec(), found.snapshot(),
                    found.doorOpenings());
            try {
                cloud.recordOfflineCall(record, call.target(), call.rung(), Optional.ofNullable(call.answeredBy()
                        .get()));
            } catch (RuntimeException ex) {
                LOG.warn("station {}: mesh call {} could not be queued for the cloud: {}", station.id(), e.callId(),
                        ex.getMessage());
            }
        }, () -> LOG.warn("station {}: mesh call {} is not in the call log", station.id(), e.callId()));
    }

    /** Stops checking and says goodbye on the mesh (takes a few seconds). */
    @Override
    public void close() {
        checks.cancel(false);
        events.removeListener(recorder);
        lifecycle.execute(this::stopDiscovery);
        lifecycle.shutdown();
        try {
            lifecycle.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Peers coming and going, at INFO: they decide where a press rings. */
    private final class PeerLog implements MeshPeerListener {
        @Override
        public void peerUp(MeshPeer peer) {
            LOG.info("station {}: mesh peer {} ({}) up at {}", station.id(), peer.deviceId(),
                    peer.announcement().displayName(), peer.address());
        }

        @Override
        public void peerDown(MeshPeer peer, String reason) {
            LOG.info("station {}: mesh peer {} down: {}", station.id(), peer.deviceId(), reason);
        }
    }

    /** Builds a {@link MeshFailover}; every part is required but the settings (none: no discovery). */
    public static final class Builder {
        private Station station;
        private Optional<MeshSettings> settings = Optional.empty();
        private CloudLink cloud;
        private CallController calls;
        private ForkingCallEngine engine;
        private ForkingCallEngine.Dialer meshDialer;
        private FallbackCallEngine fallback;
        private Supplier<RegistrationStatus> registration;
        private CallLog callLog;
        private EventPublisher events;
        private ScheduledExecutorService loop;
        private Clock clock = Clock.systemUTC();
        private CachedCrl revocations;

        private Builder() {
        }

        public Builder station(Station value) {
            station = value;
            return this;
        }

        public Builder settings(Optional<MeshSettings> value) {
            settings = value;
            return this;
        }

        public Builder cloud(CloudLink value) {
            cloud = value;
            return this;
        }

        /**
         * The station's calls, the forking engine under them, and how a mesh call's branches are dialled (through the
         * mesh engine: {@code RoutingCallEngine::dialMesh}).
         */
        public Builder calls(CallController controller, ForkingCallEngine forking,
                ForkingCallEngine.Dialer meshDialer) {
            calls = controller;
            engine = forking;
            this.meshDialer = meshDialer;
            return this;
        }

        /**
         * The engine the call controller dials through, which can give a call through the relay up for the mesh (the
         * call-time fallback in {@link LinkMode#CLOUD}); none: no call-time fallback.
         */
        public Builder relayFallback(FallbackCallEngine value) {
            fallback = value;
            return this;
        }

        public Builder registration(Supplier<RegistrationStatus> value) {
            registration = value;
            return this;
        }

        public Builder callLog(CallLog value) {
            callLog = value;
            return this;
        }

        public Builder events(EventPublisher value) {
            events = value;
            return this;
        }

        /** The agent's thread, where the monitor runs. */
        public Builder loop(ScheduledExecutorService value) {
            loop = value;
            return this;
        }

        /** The revocation list the station keeps: peers on it are not called. */
        public Builder revocations(CachedCrl value) {
            revocations = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public MeshFailover build() {
            Objects.requireNonNull(station, "station");
            Objects.requireNonNull(cloud, "cloud");
            Objects.requireNonNull(calls, "calls");
            Objects.requireNonNull(meshDialer, "meshDialer");
            Objects.requireNonNull(registration, "registration");
            Objects.requireNonNull(callLog, "callLog");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(loop, "loop");
            Objects.requireNonNull(revocations, "revocations");
            return new MeshFailover(this);
        }
    }
}
