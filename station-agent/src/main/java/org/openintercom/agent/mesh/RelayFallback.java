package org.openintercom.agent.mesh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openintercom.agent.call.CallController;
import org.openintercom.agent.config.Durations;
import org.openintercom.agent.event.EventPublisher;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.sip.CallEnd;
import org.openintercom.agent.sip.EndCause;
import org.openintercom.agent.sip.FallbackCallEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call-time fallback: in {@link LinkMode#CLOUD}, a press of a button that rings through the relay and has
 * fallback targets is dialled with its relay leg watched; when the relay gives no response at all (not even 100
 * Trying) within the answer timeout, or the leg fails before it is answered with no response, a transport error or
 * 503, the relay leg is given up and the button's usable fallback peers ring over the mesh at once, as in
 * {@link LinkMode#MESH}. A silent relay or a transport failure is evidence for the {@link CloudLinkMonitor}; any
 * response from the relay clears it. Runs on the agent thread, but for the watch's callbacks (engine threads).
 */
final class RelayFallback {

    private static final Logger LOG = LoggerFactory.getLogger(RelayFallback.class);

    /** Rings a press's fallback targets over the mesh (the part of {@link MeshFailover} that MESH presses use too). */
    interface MeshRinger {
        /** The mesh call a press of {@code button} for {@code target} would place now; empty if no peer is usable. */
        Optional<MeshFailover.MeshRing> prepare(String button, String target);

        /** Rings {@code ring} as the fallback leg {@code legId} of the call {@code callId}. Agent thread. */
        void ring(String callId, String legId, MeshFailover.MeshRing ring);

        /** Tells that no local station could take {@code button}'s press for {@code target}. */
        void noLocalStation(String button, String target);
    }

    private final String stationId;
    private final Duration answerTimeout;
    private final CallController calls;
    private final FallbackCallEngine engine;
    private final MeshRinger mesh;
    private final CloudLinkMonitor monitor;
    private final EventPublisher events;
    private final ScheduledExecutorService loop;
    private final Clock clock;

    RelayFallback(String stationId, Duration answerTimeout, CallController calls, FallbackCallEngine engine,
            MeshRinger mesh, CloudLinkMonitor monitor, EventPublisher events, ScheduledExecutorService loop,
            Clock clock) {
        this.stationId = Objects.requireNonNull(stationId, "stationId");
        this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.mesh = Objects.requireNonNull(mesh, "mesh");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.events = Objects.requireNonNull(events, "events");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether the call-time fallback is on (a non-zero answer timeout). */
    boolean enabled() {
        return !answerTimeout.isZero();
    }

    /**
     * Dials {@code callTarget} (which rings {@code relayName} on the relay) for {@code button}, the relay leg watched.
     * Agent thread.
     */
    void dial(String button, String callTarget, String relayName) {
        Instant sent = clock.instant();
        calls.dial(button, callTarget, callId -> {
            engine.dialWatched(callId, callTarget, new Watch(callId, button, relayName, sent));
            loop.schedule(() -> silent(callId, button, relayName, sent), answerTimeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    /** The relay has not answered within the timeout (if it did meanwhile, the engine refuses to fall back). */
    private void silent(String callId, String button, String relayName, Instant sent) {
        String why = "no response from the relay within " + Durations.format(answerTimeout);
        Optional<MeshFailover.MeshRing> ring = mesh.prepare(button, relayName);
        if (ring.isPresent()) {
            if (engine.fallBack(callId, leg -> mesh.ring(callId, leg, ring.get()))) {
                monitor.relayUnanswered(sent, "a call through the relay got " + why);
                fellBack(callId, button, relayName, why, ring.get());
            }
        } else if (engine.unanswered(callId)) {
            // nobody to ring instead: the relay may still answer, so its leg goes on
            monitor.relayUnanswered(sent, "a call through the relay got " + why);
            String detail = "button " + button + " (" + relayName + "): " + why
                    + "; no local station reachable, still waiting for the relay";
            LOG.warn("station {}: call {}: {}", stationId, callId, detail);
            events.publish(StationEvent.Type.RELAY_UNANSWERED, callId, detail);
            mesh.noLocalStation(button, relayName);
        }
    }

    /** The relay leg failed before it was answered; the engine holds the call until we decide. */
    private void failed(String callId, String button, String relayName, Instant sent, CallEnd end,
            boolean evidence) {
        String why = "the call through the relay failed (" + describe(end) + ")";
        if (evidence) {
            monitor.relayUnanswered(sent, "a call through the relay failed: " + describe(end));
        }
        Optional<MeshFailover.MeshRing> ring = mesh.prepare(button, relayName);
        if (ring.isPresent() && engine.fallBack(callId, leg -> mesh.ring(callId, leg, ring.get()))) {
            fellBack(callId, button, relayName, why, ring.get());
            return;
        }
        if (ring.isEmpty()) {
            mesh.noLocalStation(button, relayName);
        }
        engine.giveUp(callId);
    }

    private void fellBack(String callId, String button, String relayName, String why, MeshFailover.MeshRing ring) {
        String detail = "button " + button + " (" + relayName + "): " + why + "; ringing " + String.join(", ",
                ring.rung()) + " over the mesh";
        LOG.warn("station {}: call {}: {}", stationId, callId, detail);
        events.publish(StationEvent.Type.RELAY_UNANSWERED, callId, detail);
    }

    private static String describe(CallEnd end) {
        return (end.sipStatus() > 0 ? "SIP " + end.sipStatus() + " " : "") + end.cause()
                + (end.detail() == null || end.detail().isEmpty() ? "" : ": " + end.detail());
    }

    /** Whether a relay leg's end before any answer is one the mesh may make good. */
    static boolean worthFallingBack(CallEnd end) {
        return end.cause() == EndCause.UNREACHABLE || end.sipStatus() == 503;
    }

    /** Watches one relay leg (engine threads): hands its news to the agent thread. */
    private final class Watch implements FallbackCallEngine.Watch {
        private final String callId;
        private final String button;
        private final String relayName;
        private final Instant sent;

        Watch(String callId, String button, String relayName, Instant sent) {
            this.callId = callId;
            this.button = button;
            this.relayName = relayName;
            this.sent = sent;
        }

        @Override
        public void responded(String id) {
            monitor.relayAnswered();
        }

        @Override
        public boolean failed(String id, CallEnd end, boolean responded) {
            if (!worthFallingBack(end)) {
                return false;
            }
            // no response or a transport failure says the relay is out of reach; a 503 says it is there but busy
            boolean evidence = end.cause() == EndCause.UNREACHABLE;
            try {
                loop.execute(() -> RelayFallback.this.failed(callId, button, relayName, sent, end, evidence));
                return true;
            } catch (RejectedExecutionException e) {
                return false; // the agent is stopping: the call just ends
            }
        }
    }
}
