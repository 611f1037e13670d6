package org.openintercom.agent.mesh;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openintercom.agent.mesh.PeerVerifier.Verification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the mesh's peers by device id: admits an announced peer once it is verified, probes every peer each
 * interval, marks one gone after the allowed misses and back when it answers again, drops one that leaves or
 * fails verification, and tells the listener. Not thread-safe: {@link MeshDiscovery} calls it from one thread.
 *
 * <p>A verified peer announced again at another address or with another certificate stays as it is until the new
 * announcement is verified too (a candidate, retried at every probe): an impostor cannot displace it.
 */
final class PeerTracker {

    private static final Logger LOG = LoggerFactory.getLogger(PeerTracker.class);
    /** Most peers announced but not verified yet kept at once, so a flood of announcements cannot grow the table. */
    static final int MAX_PENDING = 64;

    /** One peer as tracked. */
    private static final class Entry {
        final MeshAnnouncement announcement;
        final InetSocketAddress address;
        String service;
        boolean verified;
        boolean reachable;
        int misses;
        Instant lastSeen = Instant.EPOCH;

        Entry(MeshAnnouncement announcement, InetSocketAddress address, String service) {
            this.announcement = announcement;
            this.address = address;
            this.service = service;
        }

        boolean same(MeshAnnouncement a, InetSocketAddress at) {
            return announcement.equals(a) && address.equals(at) && scopeOf(address) == scopeOf(at);
        }

        MeshPeer view() {
            return new MeshPeer(announcement, address, lastSeen, verified, reachable);
        }

        boolean usable() {
            return verified && reachable;
        }
    }

    private final PeerVerifier verifier;
    private final MeshPeerListener listener;
    private final int allowedMisses;
    private final Clock clock;
    private final WarnOnce warnOnce = new WarnOnce();
    private final Map<String, Entry> peers = new HashMap<>();
    private final Map<String, Entry> candidates = new HashMap<>();
    private volatile MeshPeers snapshot = new MeshPeers(Map.of());

    PeerTracker(PeerVerifier verifier, MeshPeerListener listener, int allowedMisses, Clock clock) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.allowedMisses = allowedMisses;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    MeshPeers snapshot() {
        return snapshot;
    }

    /** A peer announced itself (or was resolved again) under mDNS service name {@code service}. */
    void announced(MeshAnnouncement announcement, InetSocketAddress address, String service) {
        String id = announcement.deviceId();
        Entry current = peers.get(id);
        if (current != null && current.same(announcement, address)) {
            current.service = service;
            if (!current.verified) {
                attempt(current);
            }
        } else if (current == null && pending() >= MAX_PENDING) {
            refused("peer " + id + " at " + address, "too many unverified peers (" + MAX_PENDING + ")");
        } else if (current == null || !current.verified) {
            Entry entry = new Entry(announcement, address, service);
            peers.put(id, entry);
            attempt(entry);
        } else {
            Entry candidate = new Entry(announcement, address, service);
            candidates.put(id, candidate);
            attemptCandidate(candidate);
        }
        publish();
    }

    /** An announcement that could not be decoded or used. */
    void refused(String source, String reason) {
        if (warnOnce.first(source, reason)) {
            LOG.warn("mesh: ignoring {}: {}", source, reason);
        }
        tell(() -> listener.announcementRejected(source, reason));
    }

    /** The mDNS service {@code service} said goodbye: its peer (and any candidate under that name) is dropped. */
    void removed(String service) {
        candidates.values().removeIf(c -> c.service.equals(service));
        for (Entry entry : List.copyOf(peers.values())) {
            if (entry.service.equals(service)) {
                peers.remove(entry.announcement.deviceId());
                LOG.info("mesh: peer {} left (mDNS goodbye)", entry.announcement.deviceId());
                if (entry.usable()) {
                    MeshPeer gone = entry.view();
                    tell(() -> listener.peerDown(gone, "left the mesh (mDNS goodbye)"));
                }
            }
        }
        publish();
    }

    /** Probes every peer and candidate once. */
    void probeAll() {
        for (Entry entry : new ArrayList<>(peers.values())) {
            attempt(entry);
        }
        for (Entry candidate : new ArrayList<>(candidates.values())) {
            attemptCandidate(candidate);
        }
        publish();
    }

    private long pending() {
        return peers.values().stream().filter(e -> !e.verified).count() + candidates.size();
    }

    private void attempt(Entry entry) {
        Verification v = verifySafely(entry);
        String id = entry.announcement.deviceId();
        switch (v.kind()) {
            case TRUSTED -> {
                boolean wasUsable = entry.usable();
                boolean wasVerified = entry.verified;
                entry.verified = true;
                entry.reachable = true;
                entry.misses = 0;
                entry.lastSeen = clock.instant();
                warnOnce.forget(source(entry));
                if (!wasUsable) {
                    LOG.info("mesh: peer {} ({}) {} at {}", id, entry.announcement.displayName(),
                            wasVerified ? "is back" : "verified", entry.address);
                    MeshPeer up = entry.view();
                    tell(() -> listener.peerUp(up));
                }
            }
            case REJECTED -> {
                peers.remove(id);
                refused(source(entry), v.reason());
                if (entry.usable()) {
                    MeshPeer down = entry.view();
                    tell(() -> listener.peerDown(down, "failed verification: " + v.reason()));
                }
            }
            case UNREACHABLE -> {
                entry.misses++;
                if (entry.verified && entry.reachable && entry.misses >= allowedMisses) {
                    entry.reachable = false;
                    LOG.info("mesh: peer {} is gone: {} probes unanswered ({})", id, entry.misses, v.reason());
                    MeshPeer down = entry.view();
                    tell(() -> listener.peerDown(down, entry.misses + " probes unanswered: " + v.reason()));
                } else if (!entry.verified && warnOnce.first(source(entry), "unreachable")) {
                    LOG.info("mesh: cannot verify peer {} at {} yet: {}", id, entry.address, v.reason());
                }
            }
            default -> throw new IllegalStateException("unknown verification " + v.kind());
        }
    }

    private void attemptCandidate(Entry candidate) {
        Verification v = verifySafely(candidate);
        String id = candidate.announcement.deviceId();
        switch (v.kind()) {
            case TRUSTED -> {
                candidates.remove(id);
                Entry old = peers.put(id, candidate);
                candidate.verified = true;
                candidate.reachable = true;
                candidate.lastSeen = clock.instant();
                LOG.info("mesh: peer {} moved to {} (was {})", id, candidate.address,
                        old == null ? "unknown" : old.address);
                MeshPeer up = candidate.view();
                tell(() -> listener.peerUp(up));
            }
            case REJECTED -> {
                candidates.remove(id);
                refused(source(candidate), v.reason());
            }
            case UNREACHABLE -> {
                // kept: retried at every probe until it answers or its service leaves
            }
            default -> throw new IllegalStateException("unknown verification " + v.kind());
        }
    }

    private Verification verifySafely(Entry entry) {
        try {
            return verifier.verify(entry.announcement, entry.address);
        } catch (RuntimeException e) {
            LOG.warn("mesh: verifying {} failed unexpectedly", entry.announcement.deviceId(), e);
            return Verification.unreachable("verifier failed: " + e);
        }
    }

    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("mesh: a peer listener failed", e);
        }
    }

    private void publish() {
        Map<String, MeshPeer> view = new HashMap<>();
        peers.forEach((id, entry) -> view.put(id, entry.view()));
        snapshot = new MeshPeers(view);
    }

    private static String source(Entry entry) {
        return "peer " + entry.announcement.deviceId() + " at " + entry.address;
    }

    /** The scope id of a link-local IPv6 address (which {@code equals} ignores), 0 for others. */
    private static int scopeOf(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address a6 ? a6.getScopeId() : 0;
    }
}
