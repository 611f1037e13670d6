package org.openintercom.agent.sip;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.openintercom.agent.media.MediaStats;

/**
 * A {@link CallEngine} that lets an outgoing call give up a dead first leg and go on another way under the same call
 * id. A call placed with {@link #dialWatched} rings one leg (e.g. through the cloud's call relay) under the call's own
 * id, and a {@link Watch} hears whether that leg's next hop answers at all and how it ends before it is answered;
 * {@link #fallBack} abandons the leg (hung up: CANCEL, or BYE should its 200 still come; nothing of it reaches the
 * listener any more) and lets a placer ring other legs under the id {@code <call id>}{@link #FALLBACK_LEG}, whose
 * events go up under the call's id. Above this engine the call stays one call. Everything else passes through.
 */
public final class FallbackCallEngine extends ForwardingCallEngine {

    /** What the id of a call's fallback leg ends with. */
    public static final String FALLBACK_LEG = ".fallback";

    /** Hears a watched call's first leg. Called on engine threads; must not block nor call back into the engine. */
    public interface Watch {
        /** The leg's next hop took the INVITE (its first response). */
        void responded(String callId);

        /**
         * The leg ended before it was answered ({@code responded}: whether its next hop had answered at all). Return
         * true to hold the call open: the owner then calls {@link #fallBack} or {@link #giveUp}; false lets the end
         * go up as usual.
         */
        boolean failed(String callId, CallEnd end, boolean responded);
    }

    private enum Phase {
        /** The first leg rings; its next hop has not answered yet. */
        WAITING,
        /** The first leg's next hop answered (100 Trying or more). */
        RESPONDED,
        /** The first leg was answered: the call is that leg's. */
        CONNECTED,
        /** The first leg failed and the watch holds the call open. */
        HELD,
        /** The first leg was abandoned; the fallback leg is the call. */
        FALLEN_BACK
    }

    private static final class Watched {
        final Watch watch;
        Phase phase = Phase.WAITING;
        CallEnd heldEnd;
        boolean hungUp;

        Watched(Watch watch) {
            this.watch = watch;
        }
    }

    private final CallEngine inner;
    private final Map<String, Watched> watched = new HashMap<>();
    private volatile CallEngineListener listener;

    public FallbackCallEngine(CallEngine inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    protected CallEngine delegate() {
        return inner;
    }

    @Override
    public void start(CallEngineListener listener) {
        inner.start(new Legs(Objects.requireNonNull(listener, "listener")));
    }

    /** Calls {@code targetUri} as {@code callId}, the first leg watched by {@code watch}. */
    public void dialWatched(String callId, String targetUri, Watch watch) {
        synchronized (this) {
            watched.put(callId, new Watched(Objects.requireNonNull(watch, "watch")));
        }
        inner.dial(callId, targetUri);
    }

    /**
     * Abandons the first leg of {@code callId} (hangs it up if it still rings) and has {@code placer} ring the call's
     * fallback leg, under the id it is given ({@code <call id>.fallback}). Only while the first leg's next hop has not
     * answered, or while the watch holds the call after its failure; returns false (and places nothing) when the call
     * is not watched, was hung up, answered, or already fell back.
     */
    public boolean fallBack(String callId, Consumer<String> placer) {
        boolean ringing;
        synchronized (this) {
            Watched w = watched.get(callId);
            if (w == null || w.hungUp || w.phase != Phase.WAITING && w.phase != Phase.HELD) {
                return false;
            }
            ringing = w.phase == Phase.WAITING;
            w.phase = Phase.FALLEN_BACK;
        }
        if (ringing) {
            inner.hangup(callId);
        }
        placer.accept(callId + FALLBACK_LEG);
        return true;
    }

    /** Whether {@code callId}'s first leg still rings without any response from its next hop. */
    public synchronized boolean unanswered(String callId) {
        Watched w = watched.get(callId);
        return w != null && w.phase == Phase.WAITING && !w.hungUp;
    }

    /** Ends a call the watch held after its first leg failed, with that leg's end; no-op otherwise. */
    public void giveUp(String callId) {
        Watched w;
        synchronized (this) {
            w = watched.get(callId);
            if (w == null || w.phase != Phase.HELD) {
                return;
            }
            watched.remove(callId);
        }
        up().onEnded(callId, w.heldEnd);
    }

    @Override
    public void hangup(String callId) {
        String leg = callId;
        CallEnd held = null;
        synchronized (this) {
            Watched w = watched.get(callId);
            if (w != null) {
                w.hungUp = true;
                if (w.phase == Phase.FALLEN_BACK) {
                    leg = callId + FALLBACK_LEG;
                } else if (w.phase == Phase.HELD) {
                    watched.remove(callId);
                    held = CallEnd.of(EndCause.LOCAL_HANGUP, "hung up while its fallback was pending");
                }
            }
        }
        if (held != null) {
            up().onEnded(callId, held); // every call ends once; its first leg is over already
        } else {
            inner.hangup(leg);
        }
    }

    @Override
    public void sendDtmf(String callId, char digit, DtmfMode mode) {
        inner.sendDtmf(leg(callId), digit, mode);
    }

    @Override
    public void playTone(String callId, int frequencyHz, Duration duration) {
        inner.playTone(leg(callId), frequencyHz, duration);
    }

    @Override
    public Optional<MediaStats> mediaStats(String callId) {
        return inner.mediaStats(leg(callId));
    }

    /** The leg that carries {@code callId} now. */
    private synchronized String leg(String callId) {
        Watched w = watched.get(callId);
        return w != null && w.phase == Phase.FALLEN_BACK ? callId + FALLBACK_LEG : callId;
    }

    private CallEngineListener up() {
        CallEngineListener l = listener;
        if (l == null) {
            throw new IllegalStateException("the call engine is not started");
        }
        return l;
    }

    /** What a leg's event means above: the call's id to report it under, or null to swallow it. */
    private record Route(String callId, Watched watched) {
    }

    /** Hands the legs' events up under their call's id; decides what the first leg's end means. */
    private final class Legs implements CallEngineListener {
        private final CallEngineListener up;

        Legs(CallEngineListener up) {
            this.up = up;
            listener = up;
        }

        /** Where an event of {@code legId} goes: up under a call id, or nowhere (an abandoned first leg). */
        private Route route(String legId) {
            synchronized (FallbackCallEngine.this) {
                Watched first = watched.get(legId);
                if (first != null) {
                    return first.phase == Phase.FALLEN_BACK ? new Route(null, first) : new Route(legId, first);
                }
                if (legId.endsWith(FALLBACK_LEG)) {
                    String callId = legId.substring(0, legId.length() - FALLBACK_LEG.length());
                    Watched w = watched.get(callId);
                    if (w != null && w.phase == Phase.FALLEN_BACK) {
                        return new Route(callId, null);
                    }
                }
                return new Route(legId, null);
            }
        }

        /** The first leg's next hop answered: the watch hears it once. */
        private void firstResponse(String callId) {
            Watched w;
            synchronized (FallbackCallEngine.this) {
                w = watched.get(callId);
                if (w == null || w.phase != Phase.WAITING) {
                    return;
                }
                w.phase = Phase.RESPONDED;
            }
            w.watch.responded(callId);
        }

        @Override
        public void onIncoming(IncomingCall call) {
            up.onIncoming(call);
        }

        @Override
        public void onRegistration(RegistrationStatus status) {
            up.onRegistration(status);
        }

        @Override
        public void onTrying(String legId) {
            Route r = route(legId);
            if (r.callId() != null && r.watched() != null) {
                firstResponse(legId);
            }
            if (r.callId() != null && r.callId().equals(legId)) {
                up.onTrying(legId);
            }
        }

        @Override
        public void onProgress(String legId, ProgressKind kind) {
            Route r = route(legId);
            if (r.callId() == null) {
                return;
            }
            if (r.watched() != null) {
                firstResponse(legId);
            }
            up.onProgress(r.callId(), kind);
        }

        @Override
        public void onConnected(String legId, NegotiatedMedia media) {
            Route r = route(legId);
            if (r.callId() == null) {
                inner.hangup(legId); // the abandoned first leg answered after all: BYE (the engine does so too)
                return;
            }
            if (r.watched() != null) {
                firstResponse(legId);
                synchronized (FallbackCallEngine.this) {
                    r.watched().phase = Phase.CONNECTED;
                }
            }
            up.onConnected(r.callId(), media);
        }

        @Override
        public void onDtmf(String legId, char digit, DtmfMode via) {
            Route r = route(legId);
            if (r.callId() != null) {
                up.onDtmf(r.callId(), digit, via);
            }
        }

        @Override
        public void onEnded(String legId, CallEnd end) {
            Route r = route(legId);
            if (r.callId() == null) {
                return; // the abandoned first leg: the call goes on over its fallback leg
            }
            if (r.watched() == null) {
                synchronized (FallbackCallEngine.this) {
                    if (!r.callId().equals(legId)) {
                        watched.remove(r.callId()); // the fallback leg ended: so did the call
                    }
                }
                up.onEnded(r.callId(), end);
                return;
            }
            Watched w = r.watched();
            boolean hold;
            synchronized (FallbackCallEngine.this) {
                boolean unanswered = w.phase == Phase.WAITING || w.phase == Phase.RESPONDED;
                hold = unanswered && !w.hungUp && w.watch.failed(legId, end, w.phase == Phase.RESPONDED);
                if (hold) {
                    w.phase = Phase.HELD;
                    w.heldEnd = end;
                } else {
                    watched.remove(legId);
                }
            }
            if (!hold) {
                up.onEnded(legId, end);
            }
        }
    }
}
