package org.openintercom.agent.sip.internal;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import org.openintercom.agent.media.MediaSession;
import org.openintercom.agent.media.MediaStats;
import org.openintercom.agent.sip.CallEngine;
import org.openintercom.agent.sip.CallEngineListener;
import org.openintercom.agent.sip.DtmfMode;
import org.openintercom.agent.sip.EndCause;
import org.openintercom.agent.sip.RegistrationStatus;
import org.openintercom.agent.sip.SipEngineConfig;
import org.openintercom.agent.sip.SipTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CallEngine} on JAIN-SIP: one SIP stack per engine with a listening point per configured transport, all
 * call state on one engine thread, requests that may connect (INVITE, CANCEL, BYE, INFO) sent from one sender
 * thread, media start/stop on one media thread; registration ({@link RegistrationClient}) has a timer and a
 * sender thread of its own. Create it with
 * {@code CallEngines.jainSip(config)}.
 */
public final class JainSipCallEngine implements CallEngine {

    private static final Logger LOG = LoggerFactory.getLogger(JainSipCallEngine.class);
    private static final AtomicInteger STACKS = new AtomicInteger();

    private final SipEngineConfig config;
    private final String stackName;
    private final Map<SipTransport, ListeningPoint> listeningPoints = new EnumMap<>(SipTransport.class);
    private final Map<SipTransport, SipProvider> providers = new EnumMap<>(SipTransport.class);
    private final ExecutorService engineThread;
    private final ExecutorService mediaThread;
    private final ExecutorService senderThread;
    private final ScheduledExecutorService registrationTimer;
    private final ExecutorService registrationSender;
    private volatile Thread engineThreadRef;
    private SipStackImpl stack;
    private volatile CallContext ctx;
    private OutgoingCalls outgoing;
    private IncomingCalls incoming;
    private SipEventDispatcher dispatcher;
    private volatile RegistrationClient registrations;
    private volatile boolean started;
    private volatile boolean closed;

    public JainSipCallEngine(SipEngineConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.stackName = "openintercom-" + config.user() + "-" + STACKS.incrementAndGet();
        this.engineThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sip-engine-" + stackName);
            t.setDaemon(true);
            engineThreadRef = t;
            return t;
        });
        this.senderThread = Executors.newSingleThreadExecutor(daemon("sip-send-" + stackName));
        this.mediaThread = Executors.newSingleThreadExecutor(daemon("sip-media-" + stackName));
        this.registrationTimer = Executors.newSingleThreadScheduledExecutor(daemon("sip-register-timer-" + stackName));
        this.registrationSender = Executors.newSingleThreadExecutor(daemon("sip-register-send-" + stackName));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public synchronized void start(CallEngineListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (started || closed) {
            throw new IllegalStateException("a call engine can be started once");
        }
        String ip = config.bindAddress().getHostAddress();
        try {
            java.util.Properties properties = StackProperties.of(stackName, config);
            if (config.tls().isPresent()) {
                try (TlsStoreFiles files = TlsStoreFiles.write(config.tls().get(), properties)) {
                    stack = new RetransmissionTolerantStack(properties, config.bindAddress());
                }
            } else {
                stack = new RetransmissionTolerantStack(properties, config.bindAddress());
            }
            for (SipTransport t : SipTransport.values()) {
                Optional<Integer> port = config.port(t);
                if (port.isPresent()) {
                    ListeningPoint lp = listen(ip, t, port.get());
                    if (LinkLocal.scoped(config.bindAddress())) {
                        // the stack's own Via (in-dialog requests, ACK) would carry the scope, which peers refuse
                        LinkLocal.sentByWithoutScope(lp);
                    }
                    listeningPoints.put(t, lp);
                    providers.put(t, stack.createSipProvider(lp));
                }
            }
        } catch (Exception e) {
            stopStack();
            throw new IllegalStateException("cannot start SIP on " + ip + " with ports " + describePorts()
                    + " (is a port in use or the address not local?): " + e.getMessage(), e);
        }
        SipMessages messages = new SipMessages(new AddressFactoryImpl(), new HeaderFactoryImpl(),
                new MessageFactoryImpl(), config.user(), config.displayName(), config.bindAddress(),
                config.userAgent(), Collections.unmodifiableMap(listeningPoints));
        Responder responder = new Responder(messages);
        ctx = new CallContext(config, messages, Collections.unmodifiableMap(providers), listener, engineThread,
                mediaThread, senderThread);
        outgoing = new OutgoingCalls(ctx);
        incoming = new IncomingCalls(ctx, responder);
        Map<SipProvider, SipTransport> transports = new IdentityHashMap<>();
        providers.forEach((t, p) -> transports.put(p, t));
        registrations = config.registration()
                .map(r -> new RegistrationClient(ctx, r, registrationTimer, registrationSender)).orElse(null);
        dispatcher = new SipEventDispatcher(ctx, outgoing, incoming, responder, transports, registrations);
        try {
            for (SipProvider p : providers.values()) {
                p.addSipListener(dispatcher);
            }
            stack.start();
        } catch (Exception e) {
            stopStack();
            throw new IllegalStateException("cannot start the SIP stack: " + e.getMessage(), e);
        }
        started = true;
        LOG.info("SIP call engine '{}' started: {}", config.user(), contacts());
        if (registrations != null) {
            submit(registrations::start);
        }
    }

    /** A listening point on {@code port}, or on a free port (a few attempts) when {@code port} is 0. */
    private ListeningPoint listen(String ip, SipTransport transport, int port) throws Exception {
        if (port != 0) {
            return stack.createListeningPoint(ip, port, transport.uriParameter());
        }
        Exception last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return stack.createListeningPoint(ip, EphemeralPorts.pick(config.bindAddress(), transport),
                        transport.uriParameter());
            } catch (javax.sip.TransportNotSupportedException | javax.sip.InvalidArgumentException e) {
                last = e; // the port was taken between picking and binding: try another
            }
        }
        throw last;
    }

    private String describePorts() {
        List<String> ports = new ArrayList<>();
        for (SipTransport t : SipTransport.values()) {
            config.port(t).ifPresent(p -> ports.add(t + "=" + p));
        }
        return String.join(", ", ports);
    }

    @Override
    public List<String> contacts() {
        if (ctx == null) {
            return List.of();
        }
        List<String> contacts = new ArrayList<>();
        for (SipTransport t : listeningPoints.keySet()) {
            contacts.add(ctx.messages.contactUri(t));
        }
        return List.copyOf(contacts);
    }

    @Override
    public Optional<Integer> port(SipTransport transport) {
        return Optional.ofNullable(listeningPoints.get(transport)).map(ListeningPoint::getPort);
    }

    @Override
    public void dial(String callId, String targetUri) {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(targetUri, "targetUri");
        submit(() -> outgoing.dial(callId, targetUri));
    }

    @Override
    public void answer(String callId) {
        onCall(callId, call -> {
            if (!call.outgoing) {
                incoming.answer(call);
            }
        });
    }

    @Override
    public void reject(String callId, boolean busy) {
        onCall(callId, call -> {
            if (!call.outgoing) {
                incoming.refuse(call, busy ? 486 : 603);
            }
        });
    }

    @Override
    public void hangup(String callId) {
        onCall(callId, this::hangup);
    }

    private void hangup(Call call) {
        switch (call.state) {
            case CALLING, PROCEEDING -> outgoing.cancel(call);
            case RINGING -> incoming.refuse(call, 487);
            case ANSWERED, CONNECTED -> {
                ctx.sendInDialog(call, Request.BYE, null, null);
                ctx.end(call, EndCause.LOCAL_HANGUP, 0, "hung up");
            }
            case ENDED -> { }
        }
    }

    @Override
    public void sendDtmf(String callId, char digit, DtmfMode mode) {
        if (!DtmfInfo.isDigit(digit)) {
            throw new IllegalArgumentException("not a DTMF digit: '" + digit + "'");
        }
        char d = Character.toUpperCase(digit);
        onCall(callId, call -> {
            if (call.state != CallState.CONNECTED) {
                return;
            }
            if (mode == DtmfMode.SIP_INFO) {
                ctx.sendInDialog(call, Request.INFO, DtmfInfo.RELAY_SUBTYPE, DtmfInfo.relayBody(d));
            } else {
                withMedia(call, m -> m.sendDtmf(d));
            }
        });
    }

    @Override
    public void playTone(String callId, int frequencyHz, Duration duration) {
        onCall(callId, call -> {
            if (call.state == CallState.CONNECTED) {
                withMedia(call, m -> m.playTone(frequencyHz, duration));
            }
        });
    }

    private void withMedia(Call call, java.util.function.Consumer<MediaSession> action) {
        MediaSession media = call.media;
        if (media != null) {
            mediaThread.execute(() -> {
                try {
                    action.accept(media);
                } catch (RuntimeException e) {
                    LOG.warn("Media action on call {} failed: {}", call.id, e.toString());
                }
            });
        }
    }

    @Override
    public void refreshRegistration() {
        RegistrationClient client = registrations;
        if (client != null) {
            ctx.runOnEngineThread(client::refreshNow);
        }
    }

    @Override
    public RegistrationStatus registration() {
        RegistrationClient client = registrations;
        if (client != null) {
            return client.status();
        }
        return config.registration().isPresent() ? RegistrationStatus.unregistered("not started yet")
                : RegistrationStatus.NONE;
    }

    @Override
    public Optional<MediaStats> mediaStats(String callId) {
        Function<String, Optional<MediaStats>> read = id -> Optional.ofNullable(ctx.byId(id))
                .filter(c -> c.mediaStarted).map(c -> c.media).map(MediaSession::stats);
        if (ctx == null) {
            return Optional.empty();
        }
        if (Thread.currentThread() == engineThreadRef) {
            return read.apply(callId);
        }
        try {
            return CompletableFuture.supplyAsync(() -> read.apply(callId), engineThread).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private void onCall(String callId, java.util.function.Consumer<Call> action) {
        submit(() -> {
            Call call = ctx.byId(callId);
            if (call != null) {
                action.accept(call);
            }
        });
    }

    private void submit(Runnable task) {
        if (!started) {
            throw new IllegalStateException("start(listener) the call engine first");
        }
        try {
            engineThread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("Call engine task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Call engine closed; request ignored");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (started) {
            CompletableFuture<Void> unregistered = CompletableFuture.completedFuture(null);
            try {
                unregistered = engineThread.submit(() -> {
                    ctx.all().forEach(this::hangup);
                    return registrations == null ? CompletableFuture.<Void>completedFuture(null)
                            : registrations.stop();
                }).get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("Hanging up calls on close: {}", e.toString());
            }
            try {
                unregistered.get(RegistrationClient.UNREGISTER_WAIT.toMillis() + 500, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.debug("Unregistering on close: {}", e.toString());
            }
        }
        registrationTimer.shutdownNow();
        registrationSender.shutdown();
        engineThread.shutdown();
        await(engineThread);
        senderThread.shutdown();
        await(senderThread);
        mediaThread.shutdown();
        await(mediaThread);
        await(registrationSender);
        stopStack();
        if (started) {
            LOG.info("SIP call engine '{}' stopped", config.user());
        }
    }

    private static void await(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the stack, which closes every listening point. Providers are not deleted one by one: deleting the
     * last one stops the stack too, and each stop sleeps a second inside JAIN-SIP.
     */
    private void stopStack() {
        if (stack == null) {
            return;
        }
        if (dispatcher != null) {
            for (SipProvider p : providers.values()) {
                p.removeSipListener(dispatcher);
            }
        }
        stack.stop();
    }
}
