package org.openintercom.cloud.calls.sip;

import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openintercom.cloud.calls.announce.Announcer;
import org.openintercom.cloud.calls.media.MediaRelay;
import org.openintercom.cloud.calls.media.OwnPorts;
import org.openintercom.cloud.calls.routing.CallRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call relay: one JAIN-SIP stack with a provider per transport, the {@link Registrar} and the {@link Proxy}
 * behind a dispatcher that first applies the per-source flood limit (503 with Retry-After). Started by {@link
 * #start}; {@link #close} stops it.
 */
public final class SipRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipRelay.class);
    private static final AtomicInteger STACKS = new AtomicInteger();

    /** The SIP UDP socket's receive and send buffers asked of the kernel. */
    static final int UDP_BUFFER_BYTES = 4 * 1024 * 1024;
    /**
     * Datagrams that may wait for a SIP worker ({@link IntakeQueue}), each holding its own bytes only (a few MiB in
     * all): about 2 s of the 15,000 or so messages a second two cores work through, so a GC pause or a burst is
     * absorbed (4,096 was too few: a clean 1,600 calls/s dropped datagrams), while an overload cannot fill the heap.
     */
    static final int UDP_INTAKE_DATAGRAMS = 32_768;
    /** The stack property naming its message valves, comma-separated, in order. */
    private static final String VALVES = "gov.nist.javax.sip.SIP_MESSAGE_VALVE";

    private final SipRelayConfig config;
    private final SipStack stack;
    private final SipContext ctx;
    private final Proxy proxy;
    private final ScheduledExecutorService timers;
    private final MediaRelay media;
    private final Announcer announcer;

    private SipRelay(SipRelayConfig config, SipStack stack, SipContext ctx, Proxy proxy,
            ScheduledExecutorService timers, MediaRelay media, Announcer announcer) {
        this.media = media;
        this.announcer = announcer;
        this.config = config;
        this.stack = stack;
        this.ctx = ctx;
        this.proxy = proxy;
        this.timers = timers;
    }

    /** A relay without groups or rules: calls go to the registered contacts of the user dialled. */
    public static SipRelay start(SipRelayConfig config, SipAccounts accounts) {
        return start(config, accounts, RoutingDirectory.NONE, new CallRouter(), CallObserver.NONE);
    }

    /**
     * Binds the transports and starts serving; calls to a ring group or a user with rules in {@code directory}
     * follow the plan {@code router} makes; {@code observer} hears how each call went. Fails with a message naming the port when one cannot be bound.
     */
    public static SipRelay start(SipRelayConfig config, SipAccounts accounts, RoutingDirectory directory,
            CallRouter router, CallObserver observer) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "oi-relay-" + STACKS.incrementAndGet());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", JainSipLog.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", JainSipLog.class.getName());
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(config.workerThreads()));
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.PASS_INVITE_NON_2XX_ACK_TO_LISTENER", "false");
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        // Bursts of UDP requests wait in the socket while the workers are busy; the kernel default (about 200 KB)
        // overflowed at high call rates in the benchmark (every failed step had dropped datagrams). The kernel
        // caps this at net.core.rmem_max / wmem_max (see operations.md).
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(UDP_BUFFER_BYTES));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", Integer.toString(UDP_BUFFER_BYTES));
        p.setProperty("gov.nist.javax.sip.READ_TIMEOUT", "2000");
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "100000");
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", "100000");
        OverloadValve.configure(p, UDP_INTAKE_DATAGRAMS, 80_000);
        p.setProperty(VALVES, p.getProperty(VALVES) + "," + StrayResponseValve.class.getName());
        config.tls().ifPresent(tls -> {
            p.setProperty("javax.net.ssl.keyStore", tls.keyStore().toString());
            p.setProperty("javax.net.ssl.keyStorePassword", tls.keyStorePassword());
            p.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
            p.setProperty("javax.net.ssl.trustStore", tls.trustStore().toString());
            p.setProperty("javax.net.ssl.trustStorePassword", tls.trustStorePassword());
            p.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", RelayTls.CIPHER_SUITES);
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.2,TLSv1.3");
            // stations show their device certificate; third-party phones may have none and use digest
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Want");
            p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "5000");
        });
        SipStack stack;
        Map<String, SipProvider> providers = new LinkedHashMap<>();
        String ip = config.bindAddress().getHostAddress();
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            stack = factory.createSipStack(p);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the SIP stack of the call relay: " + e.getMessage(), e);
        }
        try {
            if (config.udpPort().isPresent()) {
                providers.put("udp", stack.createSipProvider(listen(stack, config, "udp", config.udpPort().get())));
            }
            if (config.tcpPort().isPresent()) {
                providers.put("tcp", stack.createSipProvider(listen(stack, config, "tcp", config.tcpPort().get())));
            }
            if (config.tlsPort().isPresent()) {
                providers.put("tls", stack.createSipProvider(listen(stack, config, "tls", config.tlsPort().get())));
            }
        } catch (Exception e) {
            stack.stop();
            throw new IllegalStateException("cannot bind the call relay on " + ip + " (udp-port "
                    + config.udpPort().map(String::valueOf).orElse("off") + ", tcp-port "
                    + config.tcpPort().map(String::valueOf).orElse("off") + ", tls-port "
                    + config.tlsPort().map(String::valueOf).orElse("off") + "; in use?): " + e.getMessage(), e);
        }
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sip-relay-timers");
            t.setDaemon(true);
            return t;
        });
        Location location = new Location(config.clock());
        SipContext ctx = new SipContext(config, new AddressFactoryImpl(), new HeaderFactoryImpl(),
                new MessageFactoryImpl(), Map.copyOf(providers),
                new DigestAuth(config.realm(), config.nonceLifetime(), config.clock()), accounts, location);
        java.util.concurrent.atomic.AtomicReference<Proxy> proxyRef = new java.util.concurrent.atomic.AtomicReference<>();
        MediaRelay mediaRelay = config.media().map(m -> MediaRelay.start(m, stats -> {
            LOG.debug("call {}: no media for the idle time ({} packets caller to callee, {} back)", stats.callId(),
                    stats.callerToCallee().packets(), stats.calleeToCaller().packets());
            Proxy running = proxyRef.get();
            if (running != null) {
                running.mediaIdle(stats.callId());
            }
        })).orElse(null);
        Announcer announcer = new Announcer(config.announcements(), mediaRelay != null ? mediaRelay::ownPorts
                : () -> OwnPorts.ephemeral(config.bindAddress(), advertisedAddress(config)));
        Proxy proxy = new Proxy(ctx, timers, directory, router, new MediaAnchor(mediaRelay), announcer, observer);
        proxyRef.set(proxy);
        for (SIPMessageValve valve : ((SipStackImpl) stack).sipMessageValves) {
            if (valve instanceof StrayResponseValve strays) {
                strays.forwardTo(proxy::forwardStray);
            }
        }
        SipRelay relay = new SipRelay(config, stack, ctx, proxy, timers, mediaRelay, announcer);
        Dispatcher dispatcher = relay.new Dispatcher(new Registrar(ctx), new FloodGuard(config.floodLimit(),
                config.clock()));
        try {
            for (SipProvider provider : providers.values()) {
                provider.addSipListener(dispatcher);
            }
            stack.start();
        } catch (Exception e) {
            relay.close();
            throw new IllegalStateException("cannot start the call relay's SIP stack: " + e.getMessage(), e);
        }
        timers.scheduleWithFixedDelay(location::purge, 1, 1, TimeUnit.MINUTES);
        timers.scheduleWithFixedDelay(proxy::sweep, 10, 10, TimeUnit.SECONDS);
        LOG.info("call relay listening on {} ({}), domain {}", ip, relay.describePorts(), config.domain());
        return relay;
    }

    /** The address announcements advertise without a media relay: the advertised host's, else the bind address. */
    private static java.net.InetAddress advertisedAddress(SipRelayConfig config) {
        try {
            return java.net.InetAddress.getByName(config.advertisedHost());
        } catch (java.net.UnknownHostException e) {
            return config.bindAddress();
        }
    }

    private static ListeningPoint listen(SipStack stack, SipRelayConfig config, String transport, int port)
            throws Exception {
        String ip = config.bindAddress().getHostAddress();
        if (port != 0) {
            return stack.createListeningPoint(ip, port, transport);
        }
        Exception last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return stack.createListeningPoint(ip, freePort(config.bindAddress(), transport), transport);
            } catch (javax.sip.TransportNotSupportedException | javax.sip.InvalidArgumentException e) {
                last = e; // taken between picking and binding: another
            }
        }
        throw last;
    }

    /** A port the OS reports free (JAIN-SIP refuses port 0). */
    private static int freePort(InetAddress address, String transport) {
        try {
            if (transport.equals("udp")) { // tcp and tls both need a free TCP port
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0))) {
                    return s.getLocalPort();
                }
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(address, 0));
                return s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no free " + transport + " port on " + address, e);
        }
    }

    /** The port bound for a transport ({@code udp}, {@code tcp}). */
    public Optional<Integer> port(String transport) {
        return ctx.providers.containsKey(transport) ? Optional.of(ctx.port(transport)) : Optional.empty();
    }

    /** Where phones register and send calls, e.g. {@code sip:127.0.0.1:5060;transport=udp}. */
    public String uri(String transport) {
        return "sip:" + config.advertisedHost() + ":" + port(transport).orElseThrow(() ->
                new IllegalArgumentException("the relay does not listen on " + transport)) + ";transport=" + transport;
    }

    public SipRelayConfig config() {
        return config;
    }

    public Location location() {
        return ctx.location;
    }

    /**
     * Responses no transaction claimed, forwarded statelessly past the transaction layer
     * ({@link StrayResponseValve}).
     */
    long strayResponses() {
        long n = 0;
        for (SIPMessageValve valve : ((SipStackImpl) stack).sipMessageValves) {
            if (valve instanceof StrayResponseValve v) {
                n += v.forwarded();
            }
        }
        return n;
    }

    /** Server transactions the stack holds now (those lingering to absorb retransmissions included). */
    int serverTransactions() {
        return ((SipStackImpl) stack).getServerTransactionTableSize();
    }

    /** What overload control has shed since the start: new requests refused with 503, UDP datagrams dropped. */
    public Overload overload() {
        long refused = 0;
        for (SIPMessageValve valve : ((SipStackImpl) stack).sipMessageValves) {
            if (valve instanceof OverloadValve v) {
                refused += v.refused();
            }
        }
        long dropped = 0;
        for (Iterator<?> it = ((SipStackImpl) stack).getListeningPoints(); it.hasNext();) {
            if (it.next() instanceof ListeningPointImpl lp && lp.getMessageProcessor() instanceof IntakeUdpProcessor u) {
                dropped += u.intake().dropped();
            }
        }
        return new Overload(refused, dropped);
    }

    /**
     * Load shed by the relay's overload control.
     *
     * @param refused new requests answered 503 because the relay was busy
     * @param dropped UDP datagrams dropped because the intake queue was full
     */
    public record Overload(long refused, long dropped) {
    }

    /** INVITEs being set up right now (forked, not yet answered or ended). */
    public int callsInProgress() {
        return proxy.callsInProgress();
    }

    /** Answered calls that have not ended yet (counted while the talk limit watches them). */
    public int callsConnected() {
        return proxy.callsConnected();
    }

    private String describePorts() {
        StringBuilder sb = new StringBuilder();
        for (String t : ctx.providers.keySet()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(t).append(' ').append(ctx.port(t));
        }
        return sb.toString();
    }

    /** The media relay, when media is anchored. */
    public Optional<MediaRelay> media() {
        return Optional.ofNullable(media);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        announcer.close();
        if (media != null) {
            media.close();
        }
        for (SipProvider provider : ctx.providers.values()) {
            try {
                if (provider instanceof gov.nist.javax.sip.SipProviderImpl impl && impl.getSipListener() != null) {
                    provider.removeSipListener(impl.getSipListener());
                }
                stack.deleteSipProvider(provider);
            } catch (Exception e) {
                LOG.debug("cannot delete a SIP provider: {}", e.getMessage());
            }
        }
        try {
            stack.stop();
        } catch (RuntimeException e) {
            // JAIN-SIP 1.3.0-91 stopping a UDP processor whose threads have not started yet (a relay closed at once)
            LOG.debug("the SIP stack did not stop cleanly: {}", e.toString());
        }
        LOG.info("call relay stopped");
    }

    /** Hands the stack's events to the registrar and the proxy, after the flood limit. */
    private final class Dispatcher implements SipListener {

        private final Registrar registrar;
        private final FloodGuard flood;

        Dispatcher(Registrar registrar, FloodGuard flood) {
            this.registrar = registrar;
            this.flood = flood;
        }

        @Override
        public void processRequest(RequestEvent event) {
            Request request = event.getRequest();
            String method = request.getMethod();
            String host = SipContext.sourceHost(event);
            boolean trusted = trusted(host);
            try {
                if (!trusted && !Request.ACK.equals(method) && !flood.allow(host)) {
                    ctx.respond(event, null, Response.SERVICE_UNAVAILABLE, "Service Unavailable (too many"
                            + " requests)", r -> r.addHeader(ctx.headers.createRetryAfterHeader(
                                    flood.retryAfterSeconds())));
                    return;
                }
                switch (method) {
                    case Request.REGISTER -> registrar.onRegister(event, trusted);
                    case Request.INVITE -> proxy.onInvite(event, trusted);
                    case Request.ACK -> proxy.onAck(event);
                    case Request.CANCEL -> proxy.onCancel(event);
                    default -> {
                        if (Proxy.inDialog(request)) {
                            proxy.onInDialog(event);
                        } else if (Request.OPTIONS.equals(method)) {
                            ctx.respond(event, ctx.serverTransaction(event), Response.OK, null, this::allow);
                        } else {
                            ctx.respond(event, ctx.serverTransaction(event), Response.METHOD_NOT_ALLOWED, null,
                                    this::allow);
                        }
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("call relay: {} from {} failed: {}", method, host, e.toString());
                ctx.respond(event, event.getServerTransaction(), Response.SERVER_INTERNAL_ERROR, null);
            }
        }

        private void allow(Response r) throws java.text.ParseException {
            r.addHeader(ctx.headers.createAllowHeader("INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, INFO, UPDATE"));
        }

        private boolean trusted(String host) {
            if (config.trustedSources().isEmpty()) {
                return false;
            }
            try {
                return config.trusted(InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                return false;
            }
        }

        @Override
        public void processResponse(ResponseEvent event) {
            try {
                proxy.onResponse(event);
            } catch (RuntimeException e) {
                LOG.warn("call relay: a {} response failed: {}", event.getResponse().getStatusCode(), e.toString());
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
            proxy.onTimeout(event);
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
            LOG.debug("SIP transport error towards {}:{} ({})", event.getHost(), event.getPort(),
                    event.getTransport());
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
            if (event.isServerTransaction()) {
                proxy.onServerTransactionEnded(event.getServerTransaction());
            }
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }
}
