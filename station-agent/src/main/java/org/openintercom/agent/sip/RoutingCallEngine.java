package org.openintercom.agent.sip;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openintercom.agent.media.MediaStats;

/**
 * A station's two call engines as one: the main engine (the relay, the station's own SIP settings) and, while the mesh
 * runs, the mesh engine (SIP over TLS on the mesh interface's link-local address). Events of both reach the one
 * listener; every call is handled by the engine it belongs to: an incoming call by the engine it arrived at, an
 * outgoing one by the engine it was dialled through ({@link #dial}: the main engine; {@link #dialMesh}: the mesh
 * engine). Contacts, ports and the registration are the main engine's.
 */
public final class RoutingCallEngine extends ForwardingCallEngine {

    private final CallEngine main;
    /** The calls that live on the mesh engine (dialled through it, or arrived at it), until they end. */
    private final Map<String, CallEngine> meshCalls = new ConcurrentHashMap<>();
    private volatile CallEngine mesh;
    private volatile CallEngineListener listener;

    public RoutingCallEngine(CallEngine main) {
        this.main = Objects.requireNonNull(main, "main");
    }

    @Override
    protected CallEngine delegate() {
        return main;
    }

    @Override
    public synchronized void start(CallEngineListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        main.start(listener);
    }

    /**
     * Closes the mesh engine in use (ending its calls) and starts {@code next} in its place, or runs none when empty.
     * Call it when no mesh call is live.
     *
     * @throws IllegalStateException if this engine is not started yet
     * @throws RuntimeException whatever {@code next} throws when it cannot start (then no mesh engine runs)
     */
    public synchronized void replaceMesh(Optional<CallEngine> next) {
        CallEngineListener l = listener;
        if (l == null) {
            throw new IllegalStateException("start the call engine before giving it a mesh engine");
        }
        CallEngine old = mesh;
        mesh = null;
        if (old != null) {
            old.close();
        }
        if (next.isPresent()) {
            CallEngine engine = next.get();
            try {
                engine.start(new MeshEvents(engine, l));
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
            mesh = engine;
        }
    }

    /** The mesh engine in use, if one runs. */
    public Optional<CallEngine> mesh() {
        return Optional.ofNullable(mesh);
    }

    /**
     * Calls {@code targetUri} through the mesh engine. Without one the call ends at once ({@link EndCause#UNREACHABLE}).
     */
    public void dialMesh(String callId, String targetUri) {
        CallEngine engine = mesh;
        if (engine == null) {
            CallEngineListener l = listener;
            if (l != null) {
                l.onEnded(callId, CallEnd.of(EndCause.UNREACHABLE, "no mesh call engine is running"));
            }
            return;
        }
        meshCalls.put(callId, engine);
        engine.dial(callId, targetUri);
    }

    /** Where the mesh engine listens (empty without one). */
    public List<String> meshContacts() {
        CallEngine engine = mesh;
        return engine == null ? List.of() : engine.contacts();
    }

    private CallEngine of(String callId) {
        return meshCalls.getOrDefault(callId, main);
    }

    @Override
    public void answer(String callId) {
        of(callId).answer(callId);
    }

    @Override
    public void reject(String callId, boolean busy) {
        of(callId).reject(callId, busy);
    }

    @Override
    public void hangup(String callId) {
        of(callId).hangup(callId);
    }

    @Override
    public void sendDtmf(String callId, char digit, DtmfMode mode) {
        of(callId).sendDtmf(callId, digit, mode);
    }

    @Override
    public void playTone(String callId, int frequencyHz, Duration duration) {
        of(callId).playTone(callId, frequencyHz, duration);
    }

    @Override
    public Optional<MediaStats> mediaStats(String callId) {
        return of(callId).mediaStats(callId);
    }

    /** Closes the mesh engine, then the main one. */
    @Override
    public synchronized void close() {
        CallEngine engine = mesh;
        mesh = null;
        if (engine != null) {
            engine.close();
        }
        main.close();
    }

    /** The mesh engine's events: its calls are remembered as its own until they end. */
    private final class MeshEvents implements CallEngineListener {
        private final CallEngine engine;
        private final CallEngineListener up;

        MeshEvents(CallEngine engine, CallEngineListener up) {
            this.engine = engine;
            this.up = up;
        }

        @Override
        public void onIncoming(IncomingCall call) {
            meshCalls.put(call.callId(), engine);
            up.onIncoming(call);
        }

        @Override
        public void onTrying(String callId) {
            up.onTrying(callId);
        }

        @Override
        public void onProgress(String callId, ProgressKind kind) {
            up.onProgress(callId, kind);
        }

        @Override
        public void onConnected(String callId, NegotiatedMedia media) {
            up.onConnected(callId, media);
        }

        @Override
        public void onDtmf(String callId, char digit, DtmfMode via) {
            up.onDtmf(callId, digit, via);
        }

        @Override
        public void onEnded(String callId, CallEnd end) {
            meshCalls.remove(callId, engine);
            up.onEnded(callId, end);
        }

        @Override
        public void onRegistration(RegistrationStatus status) {
            // the mesh engine registers nowhere; the station's registration is the main engine's
        }
    }
}
