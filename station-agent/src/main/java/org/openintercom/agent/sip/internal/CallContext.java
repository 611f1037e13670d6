package org.openintercom.agent.sip.internal;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import javax.sip.ClientTransaction;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import org.openintercom.agent.media.MediaParameters;
import org.openintercom.agent.media.MediaSession;
import org.openintercom.agent.sdp.SdpNegotiator;
import org.openintercom.agent.sip.CallEnd;
import org.openintercom.agent.sip.CallEngineListener;
import org.openintercom.agent.sip.DtmfMode;
import org.openintercom.agent.sip.EndCause;
import org.openintercom.agent.sip.NegotiatedMedia;
import org.openintercom.agent.sip.SipEngineConfig;
import org.openintercom.agent.sip.SipTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the UAC and UAS halves of the engine share: the config, message builders, negotiator, providers, the
 * table of calls, and the operations every call needs (report to the listener, start and stop media, send an
 * in-dialog request, end the call exactly once). Used on the engine thread only.
 */
final class CallContext {

    private static final Logger LOG = LoggerFactory.getLogger(CallContext.class);

    final SipEngineConfig config;
    final SipMessages messages;
    final SdpNegotiator negotiator;
    final Map<SipTransport, SipProvider> providers;
    final InetAddress mediaAddress;
    final CallEngineListener listener;
    private final ExecutorService engineThread;
    private final ExecutorService mediaThread;
    private final ExecutorService senderThread;
    /** Live calls by our call id. */
    private final Map<String, Call> byId = new ConcurrentHashMap<>();
    /** Calls by SIP Call-ID, including ended ones whose signalling is still finishing. */
    private final Map<String, Call> bySipCallId = new ConcurrentHashMap<>();

    CallContext(SipEngineConfig config, SipMessages messages, Map<SipTransport, SipProvider> providers,
            CallEngineListener listener, ExecutorService engineThread, ExecutorService mediaThread,
            ExecutorService senderThread) {
        this.config = config;
        this.messages = messages;
        this.providers = providers;
        this.mediaAddress = config.bindAddress();
        this.negotiator = new SdpNegotiator(config.codecs(), config.user());
        this.listener = listener;
        this.engineThread = engineThread;
        this.mediaThread = mediaThread;
        this.senderThread = senderThread;
    }

    void add(Call call) {
        byId.put(call.id, call);
        bySipCallId.put(call.sipCallId, call);
    }

    Call byId(String id) {
        return id == null ? null : byId.get(id);
    }

    Call bySipCallId(String sipCallId) {
        return sipCallId == null ? null : bySipCallId.get(sipCallId);
    }

    boolean idInUse(String id) {
        return byId.containsKey(id);
    }

    /** Forgets an ended call once its signalling is over. */
    void forget(Call call) {
        bySipCallId.remove(call.sipCallId, call);
        byId.remove(call.id, call);
    }

    Collection<Call> all() {
        return List.copyOf(bySipCallId.values());
    }

    /** Ends {@code call} once: stops media and reports {@code end}; later calls are ignored. */
    void end(Call call, EndCause cause, int status, String detail) {
        if (call.ended()) {
            return;
        }
        call.state = CallState.ENDED;
        byId.remove(call.id, call);
        closeMedia(call);
        LOG.debug("{} ended: {} {} {}", call, cause, status, detail);
        notify(() -> listener.onEnded(call.id, new CallEnd(cause, status, detail)));
    }

    /** Starts (or restarts) the call's media with {@code parameters} on the media thread. */
    void startMedia(Call call, MediaParameters offered) {
        // SDP carries a link-local peer without its scope: it is reached through our own interface
        MediaParameters parameters = new MediaParameters(offered.codec(), offered.telephoneEventPayloadType(),
                LinkLocal.through(offered.remote(), mediaAddress), offered.srtp());
        MediaSession media = call.media;
        call.mediaParameters = parameters;
        call.mediaStarted = true;
        String id = call.id;
        mediaThread.execute(() -> {
            try {
                media.start(parameters, digit -> engineThread.execute(() -> {
                    Call c = byId.get(id);
                    if (c != null && c.state == CallState.CONNECTED) {
                        notify(() -> listener.onDtmf(id, digit, DtmfMode.RFC4733));
                    }
                }));
            } catch (RuntimeException e) {
                LOG.warn("Media of call {} failed to start: {}", id, e.toString());
            }
        });
    }

    void closeMedia(Call call) {
        MediaSession media = call.media;
        call.media = null;
        if (media != null) {
            mediaThread.execute(() -> {
                try {
                    media.close();
                } catch (RuntimeException e) {
                    LOG.warn("Media of call {} failed to close: {}", call.id, e.toString());
                }
            });
        }
    }

    NegotiatedMedia negotiated(Call call) {
        MediaParameters p = call.mediaParameters;
        return new NegotiatedMedia(p.codec().name(), p.codec().payloadType(), p.codec().clockRate(),
                p.srtp().isPresent(), p.remote(), call.media == null ? 0 : call.media.localPort());
    }

    /** Sends an in-dialog request (BYE, INFO) from the sender thread; failures are logged. */
    void sendInDialog(Call call, String method, String contentSubtype, String body) {
        try {
            Request request = call.dialog.createRequest(method);
            messages.decorate(request);
            if (body != null) {
                messages.setBody(request, "application", contentSubtype, body);
            }
            ClientTransaction ct = call.provider.getNewClientTransaction(request);
            send(() -> call.dialog.sendRequest(ct), e -> LOG.debug("Could not send {} in {}: {}", method, call,
                    e.toString()));
        } catch (Exception e) {
            LOG.debug("Could not send {} in {}: {}", method, call, e.toString());
        }
    }

    /** A send that may block (TCP connect, TLS handshake). */
    @FunctionalInterface
    interface Send {
        void run() throws Exception;
    }

    /**
     * Runs {@code send} on the sender thread, so a slow connect or handshake never stalls the engine thread;
     * {@code onFailure} runs back on the engine thread.
     */
    void send(Send send, java.util.function.Consumer<Exception> onFailure) {
        try {
            senderThread.execute(() -> {
                try {
                    send.run();
                } catch (Exception e) {
                    runOnEngineThread(() -> onFailure.accept(e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Engine closed; send dropped");
        }
    }

    /** Calls the listener, logging instead of propagating what it throws. */
    void notify(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("CallEngineListener threw; ignored", e);
        }
    }

    void runOnEngineThread(Runnable task) {
        try {
            engineThread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Engine closed; event dropped");
        }
    }
}
