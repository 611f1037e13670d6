package org.openintercom.agent.sip.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openintercom.agent.sip.Registration;
import org.openintercom.agent.sip.RegistrationStatus;
import org.openintercom.agent.sip.SipTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the station registered with one registrar (RFC 3261 §10.2): REGISTERs from client transactions with one
 * Call-ID and a rising CSeq, answers digest challenges once per attempt, follows 423 Min-Expires, refreshes at
 * half the granted time, retries failures with backoff, and unregisters on {@link #stop}. Runs on the engine
 * thread; sends go through a thread of its own, so a slow registrar never delays calls.
 */
final class RegistrationClient {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationClient.class);
    /** How long {@link #stop} waits for the registrar to confirm the un-REGISTER. */
    static final Duration UNREGISTER_WAIT = Duration.ofSeconds(1);

    private final CallContext ctx;
    private final Registration registration;
    private final ScheduledExecutorService timer;
    private final ExecutorService sender;
    private final SipProvider provider;
    private final SipTransport transport;
    private final SipURI registrarUri;
    private final SipURI aor;
    private final String callId;
    private final String fromTag = SipMessages.newTag();
    private long cseq;
    private int expires;
    private int failures;
    private ClientTransaction pending;
    private boolean credentialsSent;
    private boolean staleAnswered;
    private Instant registeredUntil;
    private ScheduledFuture<?> timerTask;
    private boolean stopping;
    private final CompletableFuture<Void> unregistered = new CompletableFuture<>();
    private volatile RegistrationStatus status = RegistrationStatus.unregistered("not started yet");

    RegistrationClient(CallContext ctx, Registration registration, ScheduledExecutorService timer,
            ExecutorService sender) {
        this.ctx = ctx;
        this.registration = registration;
        this.timer = timer;
        this.sender = sender;
        this.transport = registration.transport();
        this.provider = ctx.providers.get(transport);
        this.registrarUri = (SipURI) ctx.messages.safe(() -> ctx.messages.addresses.createURI(
                registration.registrar()));
        this.aor = ctx.messages.safe(() -> {
            SipURI uri = ctx.messages.addresses.createSipURI(registration.user(), registration.aorDomain());
            uri.setSecure(registrarUri.isSecure());
            return uri;
        });
        this.callId = provider.getNewCallId().getCallId();
        this.expires = (int) Math.min(Integer.MAX_VALUE, registration.expires().getSeconds());
    }

    RegistrationStatus status() {
        return status;
    }

    /** Sends the first REGISTER. */
    void start() {
        startAttempt();
    }

    /** Stops refreshing and unregisters; the future completes on the registrar's answer or after about 1 s. */
    CompletableFuture<Void> stop() {
        stopping = true;
        cancelTimer();
        if (registeredUntil == null && pending == null) {
            finishStop("closed");
            return unregistered;
        }
        timerTask = timer.schedule(() -> ctx.runOnEngineThread(() -> finishStop(
                "closed; the registrar did not confirm the un-REGISTER within " + UNREGISTER_WAIT.toMillis()
                        + " ms")), UNREGISTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        startAttempt();
        return unregistered;
    }

    /**
     * Registers again now, ahead of the refresh timer: the registrar may have restarted and forgotten the binding
     * (the cloud's relay keeps its bindings in memory). Nothing happens while stopping or while a REGISTER is out.
     * Engine thread.
     */
    void refreshNow() {
        if (stopping || pending != null) {
            return;
        }
        cancelTimer();
        startAttempt();
    }

    private void startAttempt() {
        credentialsSent = false;
        staleAnswered = false;
        if (!stopping && status.state() == RegistrationStatus.State.UNREGISTERED) {
            publish(RegistrationStatus.registering("registering at " + registration.registrar() + " as " + aor));
        }
        send(null);
    }

    private void send(Header authorization) {
        try {
            CallIdHeader id = ctx.messages.headers.createCallIdHeader(callId);
            Request request = ctx.messages.register(registrarUri, aor, transport, id, ++cseq, fromTag,
                    stopping ? 0 : expires);
            if (authorization != null) {
                request.addHeader(authorization);
            }
            ClientTransaction ct = provider.getNewClientTransaction(request);
            pending = ct;
            LOG.debug("REGISTER {} (CSeq {}, expires {}) to {}", aor, cseq, stopping ? 0 : expires, registrarUri);
            sender.execute(() -> {
                try {
                    ct.sendRequest();
                } catch (Exception e) {
                    ctx.runOnEngineThread(() -> {
                        if (ct == pending) {
                            pending = null;
                            fail("transport error: " + e.getMessage());
                        }
                    });
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Engine closed; REGISTER dropped");
        } catch (Exception e) {
            pending = null;
            fail("could not send REGISTER: " + e.getMessage());
        }
    }

    /** A response to one of our REGISTERs; responses of older transactions are ignored. */
    void onResponse(ResponseEvent event) {
        Response response = event.getResponse();
        int code = response.getStatusCode();
        if (event.getClientTransaction() == null || event.getClientTransaction() != pending || code < 200) {
            return;
        }
        pending = null;
        String reason = code + " " + response.getReasonPhrase();
        if (code < 300) {
            onSuccess(response);
        } else if (code == 401 || code == 407) {
            onChallenge(response, reason);
        } else if (code == 423) {
            onIntervalTooBrief(response, reason);
        } else {
            fail(reason);
        }
    }

    void onTimeout(ClientTransaction ct) {
        if (ct == pending) {
            pending = null;
            fail("timeout: no answer from " + registration.registrar());
        }
    }

    /** JAIN-SIP lost the connection towards {@code host:port}; fails the pending REGISTER if it went there. */
    void onTransportError(String host, int port, String transportName) {
        int registrarPort = registrarUri.getPort() > 0 ? registrarUri.getPort() : transport.secure() ? 5061 : 5060;
        if (pending != null && port == registrarPort && transport.uriParameter().equalsIgnoreCase(transportName)) {
            pending = null;
            fail("transport error towards " + host + ":" + port + " (" + transportName + ")");
        }
    }

    private void onSuccess(Response response) {
        if (stopping) {
            finishStop("unregistered from " + registration.registrar());
            return;
        }
        List<RegistrationTiming.Binding> bindings = new ArrayList<>();
        response.getHeaders(ContactHeader.NAME).forEachRemaining(h -> {
            ContactHeader c = (ContactHeader) h;
            bindings.add(new RegistrationTiming.Binding(c.getAddress().getURI().toString(), c.getExpires()));
        });
        ExpiresHeader header = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        int granted = RegistrationTiming.granted(bindings, ctx.messages.contactUri(transport),
                header == null ? OptionalInt.empty() : OptionalInt.of(header.getExpires()), expires);
        if (granted <= 0) {
            fail(response.getStatusCode() + " " + response.getReasonPhrase() + " but the registrar kept our"
                    + " contact for 0 s");
            return;
        }
        failures = 0;
        registeredUntil = Instant.now().plusSeconds(granted);
        publish(RegistrationStatus.registered(registeredUntil, "registered at " + registration.registrar() + " as "
                + aor + " for " + granted + " s"));
        schedule(RegistrationTiming.refreshAfter(granted), this::startAttempt);
    }

    private void onChallenge(Response response, String reason) {
        if (registration.password().isEmpty()) {
            fail(reason + ": the registrar asks for credentials, but no password is configured");
            return;
        }
        boolean proxy = response.getStatusCode() == 407;
        List<DigestClient.Challenge> challenges = new ArrayList<>();
        response.getHeaders(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME)
                .forEachRemaining(h -> {
                    WWWAuthenticateHeader w = (WWWAuthenticateHeader) h;
                    if ("Digest".equalsIgnoreCase(w.getScheme())) {
                        challenges.add(new DigestClient.Challenge(w.getRealm(), w.getNonce(), w.getOpaque(),
                                w.getAlgorithm(), w.getQop(), w.isStale()));
                    }
                });
        var chosen = DigestClient.choose(challenges);
        if (chosen.isEmpty()) {
            fail(reason + ": no digest challenge we can answer (MD5, SHA-256 or SHA-512-256 with qop auth)");
            return;
        }
        if (credentialsSent) {
            if (!chosen.get().stale() || staleAnswered) {
                fail(reason + ": wrong credentials for '" + registration.digestUser() + "'");
                return;
            }
            staleAnswered = true;
        }
        String value = DigestClient.authorization(chosen.get(), Request.REGISTER, registrarUri.toString(),
                registration.digestUser(), registration.password().get(), SipMessages.newTag(), 1);
        credentialsSent = true;
        send(ctx.messages.safe(() -> ctx.messages.headers.createHeader(
                proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME, value)));
    }

    private void onIntervalTooBrief(Response response, String reason) {
        MinExpiresHeader min = (MinExpiresHeader) response.getHeader(MinExpiresHeader.NAME);
        if (stopping || min == null || min.getExpires() <= expires) {
            fail(reason + (min == null ? " without Min-Expires" : " with Min-Expires " + min.getExpires()));
            return;
        }
        LOG.debug("Registrar wants at least {} s instead of {} s", min.getExpires(), expires);
        expires = min.getExpires();
        startAttempt();
    }

    private void fail(String detail) {
        if (stopping) {
            finishStop("closed; the un-REGISTER failed: " + detail);
            return;
        }
        failures++;
        Duration wait = RegistrationTiming.retryAfter(failures, ThreadLocalRandom.current().nextDouble());
        publish(RegistrationStatus.failed(detail));
        LOG.debug("Registration at {} failed ({}); retry in {} ms", registration.registrar(), detail,
                wait.toMillis());
        schedule(wait, this::startAttempt);
    }

    private void finishStop(String detail) {
        if (unregistered.isDone()) {
            return;
        }
        cancelTimer();
        pending = null;
        registeredUntil = null;
        publish(RegistrationStatus.unregistered(detail));
        unregistered.complete(null);
    }

    private void schedule(Duration delay, Runnable task) {
        cancelTimer();
        try {
            timerTask = timer.schedule(() -> ctx.runOnEngineThread(() -> {
                if (!stopping) {
                    task.run();
                }
            }), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Engine closed; registration timer dropped");
        }
    }

    private void cancelTimer() {
        if (timerTask != null) {
            timerTask.cancel(false);
            timerTask = null;
        }
    }

    private void publish(RegistrationStatus next) {
        status = next;
        LOG.debug("Registration: {} {}", next.state(), next.detail());
        ctx.notify(() -> ctx.listener.onRegistration(next));
    }
}
