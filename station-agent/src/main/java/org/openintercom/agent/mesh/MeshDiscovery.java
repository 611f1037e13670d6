package org.openintercom.agent.mesh;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import javax.jmdns.impl.constants.DNSConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces this station on the LAN with mDNS/DNS-SD and finds the other stations: one JmDNS responder per chosen
 * interface address, each browsing {@value #SERVICE_TYPE}; announced peers go to a {@link PeerTracker} that verifies
 * and probes them on this discovery's own thread. Nothing a peer sends reaches the mDNS threads as an exception.
 */
public final class MeshDiscovery implements AutoCloseable {

    /** The DNS-SD service type of the mesh. */
    public static final String SERVICE_TYPE = "_openintercom._tcp.local.";

    private static final Logger LOG = LoggerFactory.getLogger(MeshDiscovery.class);

    private final MeshAnnouncement self;
    private final ScheduledExecutorService worker;
    private final PeerTracker tracker;
    private final List<JmDNS> responders = new ArrayList<>();
    private final List<MeshInterfaces.Binding> bindings;

    private MeshDiscovery(MeshAnnouncement self, List<MeshInterfaces.Binding> bindings, PeerTracker tracker) {
        this.self = self;
        this.bindings = List.copyOf(bindings);
        this.tracker = tracker;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mesh-" + self.deviceId());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts announcing {@code self} and browsing on the interfaces {@code settings} choose; returns once every
     * responder has registered (mDNS probing takes a few seconds the first time).
     *
     * @throws IllegalStateException if the mesh is disabled, no interface qualifies, or the JVM's JmDNS already
     *         uses another mDNS port
     * @throws java.io.UncheckedIOException if a responder cannot start
     */
    public static MeshDiscovery start(MeshSettings settings, MeshAnnouncement self, PeerVerifier verifier,
            MeshPeerListener listener) {
        return start(settings, self, verifier, listener, Clock.systemUTC());
    }

    static MeshDiscovery start(MeshSettings settings, MeshAnnouncement self, PeerVerifier verifier,
            MeshPeerListener listener, Clock clock) {
        Objects.requireNonNull(self, "self");
        if (!settings.enabled()) {
            throw new IllegalStateException("the mesh is disabled in the settings");
        }
        useMdnsPort(settings.mdnsPort());
        List<MeshInterfaces.Binding> bindings = MeshInterfaces.select(settings);
        if (bindings.isEmpty()) {
            throw new IllegalStateException("no mesh interface has a usable link-local address (interfaces "
                    + settings.interfaces() + ")");
        }
        MeshDiscovery discovery = new MeshDiscovery(self, bindings,
                new PeerTracker(verifier, listener, settings.misses(), clock));
        try {
            for (MeshInterfaces.Binding binding : bindings) {
                discovery.attach(binding);
            }
        } catch (IOException e) {
            discovery.close();
            throw new java.io.UncheckedIOException("cannot start mDNS: " + e.getMessage(), e);
        }
        long interval = settings.probeInterval().toMillis();
        discovery.worker.scheduleWithFixedDelay(discovery::probe, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("mesh: announcing {} ({}) on {}", self.deviceId(), self.displayName(),
                bindings.stream().map(b -> b.address().getHostAddress()).toList());
        return discovery;
    }

    /** The peers as last known. */
    public MeshPeers peers() {
        return tracker.snapshot();
    }

    /** The addresses this discovery announces on (IPv6 ones carry their scope). */
    public List<InetAddress> addresses() {
        return bindings.stream().map(MeshInterfaces.Binding::address).toList();
    }

    /** Says goodbye on every interface and stops probing. */
    @Override
    public void close() {
        worker.shutdownNow();
        // JmDNS takes seconds to say goodbye and close: all interfaces at once (closing the executor waits for them)
        try (ExecutorService closing = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("mesh-close")
                .factory())) {
            for (JmDNS responder : responders) {
                closing.execute(() -> {
                    try {
                        responder.unregisterAllServices();
                        responder.close();
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("mesh: closing mDNS on {} failed: {}", responder.getName(), e.toString());
                    }
                });
            }
        }
        responders.clear();
    }

    private void probe() {
        try {
            tracker.probeAll();
        } catch (RuntimeException e) {
            // an exception would cancel the schedule: liveness checks must go on
            LOG.warn("mesh: probing peers failed", e);
        }
    }

    private void attach(MeshInterfaces.Binding binding) throws IOException {
        String host = "oi-" + self.deviceId().toLowerCase(Locale.ROOT);
        // an address that carries its host name: JmDNS would otherwise reverse-resolve it (a stall without DNS)
        JmDNS responder = JmDNS.create(named(binding, host), host);
        responders.add(responder);
        responder.addServiceListener(SERVICE_TYPE, new Browser(binding));
        responder.registerService(ServiceInfo.create(SERVICE_TYPE, self.deviceId(), self.sipTlsPort(), 0, 0,
                self.toTxtBytes()));
    }

    private static InetAddress named(MeshInterfaces.Binding binding, String host) throws UnknownHostException {
        InetAddress a = binding.address();
        return a instanceof Inet6Address
                ? Inet6Address.getByAddress(host, a.getAddress(), binding.networkInterface())
                : InetAddress.getByAddress(host, a.getAddress());
    }

    /**
     * JmDNS reads {@code net.mdns.port} once per JVM, when its constants class loads. Sets it if nobody has and the
     * port is not the standard one; refuses a port other than the one JmDNS already uses.
     */
    private static synchronized void useMdnsPort(int port) {
        if (port != MeshSettings.MDNS_PORT && System.getProperty("net.mdns.port") == null) {
            System.setProperty("net.mdns.port", Integer.toString(port));
        }
        if (DNSConstants.MDNS_PORT != port) {
            throw new IllegalStateException("JmDNS in this JVM uses mDNS port " + DNSConstants.MDNS_PORT
                    + " (net.mdns.port is read once per JVM); cannot use " + port);
        }
    }

    /** Where to reach a resolved peer on this binding's interface: the scope re-attached to a link-local address. */
    private static Optional<InetAddress> reachable(ServiceInfo info, MeshInterfaces.Binding binding)
            throws UnknownHostException {
        Optional<InetAddress> found = Optional.empty();
        for (Inet6Address a : info.getInet6Addresses()) {
            if (a.isLinkLocalAddress()) {
                found = Optional.of(Inet6Address.getByAddress(null, a.getAddress(), binding.networkInterface()));
                break;
            }
        }
        Optional<InetAddress> v6 = found;
        Optional<InetAddress> v4 = info.getInet4Addresses().length == 0 ? Optional.empty()
                : Optional.of((InetAddress) info.getInet4Addresses()[0]);
        return binding.address() instanceof Inet4Address ? v4.or(() -> v6) : v6.or(() -> v4);
    }

    /** Follows the mesh service type on one interface; hands everything to the worker thread. */
    private final class Browser implements ServiceListener {

        private final MeshInterfaces.Binding binding;

        Browser(MeshInterfaces.Binding binding) {
            this.binding = binding;
        }

        @Override
        public void serviceAdded(ServiceEvent event) {
            LOG.debug("mesh: service '{}' appeared on {}", printable(String.valueOf(event.getName())),
                    binding.networkInterface().getName());
            try {
                event.getDNS().requestServiceInfo(event.getType(), event.getName(), 1);
            } catch (RuntimeException e) {
                LOG.debug("mesh: cannot ask for {}: {}", event.getName(), e.toString());
            }
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            String name = String.valueOf(event.getName());
            submit(() -> tracker.removed(name));
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            try {
                ServiceInfo info = event.getInfo();
                String name = String.valueOf(event.getName());
                byte[] txt = info.getTextBytes();
                Optional<InetAddress> address = reachable(info, binding);
                submit(() -> resolved(name, txt, address));
            } catch (IOException | RuntimeException e) {
                LOG.debug("mesh: cannot read the resolved service {}: {}", event.getName(), e.toString());
            }
        }

        private void resolved(String service, byte[] txt, Optional<InetAddress> address) {
            if (txt == null || txt.length == 0 || (txt.length == 1 && txt[0] == 0)) {
                // JmDNS reports some services resolved before their TXT record came (it stands in one empty string)
                LOG.debug("mesh: service '{}' has no TXT record yet", printable(service));
                return;
            }
            String source = "service '" + printable(service) + "' on " + binding.networkInterface().getName();
            AnnouncementDecoding decoding = MeshAnnouncement.decode(txt);
            if (decoding.rejection().isPresent()) {
                tracker.refused(source, decoding.rejection().get());
                return;
            }
            MeshAnnouncement announcement = decoding.announcement().orElseThrow();
            if (announcement.deviceId().equals(self.deviceId())) {
                if (!announcement.equals(self)) {
                    tracker.refused(source, "it announces our own device id");
                }
                return; // our own service, seen by our own browser
            }
            if (address.isEmpty()) {
                tracker.refused(source, "it resolves to no address");
                return;
            }
            tracker.announced(announcement, new InetSocketAddress(address.get(), announcement.sipTlsPort()),
                    service);
        }

        private void submit(Runnable task) {
            try {
                worker.execute(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.warn("mesh: handling an mDNS event failed", e);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("mesh: closed, dropping an mDNS event");
            }
        }
    }

    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
