package org.openintercom.agent.mesh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.openintercom.agent.sip.RegistrationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a claimed station calls through the cloud or over the mesh, with hysteresis: the cloud counts as
 * reachable while the device channel (MQTT) is up and the registration with the call relay is not failing; the mode
 * becomes {@link LinkMode#MESH} once the cloud has been unreachable without a break for {@code failAfter}, and
 * {@link LinkMode#CLOUD} again only once it has been reachable without a break for {@code recoverAfter}. A link that
 * comes and goes faster than that keeps the mode it had. An unclaimed station is {@link LinkMode#STANDALONE}.
 * A call the relay left without any response is evidence too ({@link #relayUnanswered}): the cloud counts as
 * unreachable from that call's start for {@code failAfter}, unless the relay answers something in the meantime
 * ({@link #relayAnswered}). One such call alone never changes the mode (its evidence ends just as {@code failAfter}
 * would be reached); a second one, or the channel or the registration failing, within that time does, counted from
 * the first call. Sampled by {@link #check()} (the station calls it every second); thread-safe.
 */
public final class CloudLinkMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(CloudLinkMonitor.class);

    /** What the monitor samples. */
    public interface Signals {
        /** Whether the station is claimed (has its cloud identity). */
        boolean claimed();

        /** Whether the device channel (MQTT) to the cloud is connected. */
        boolean channelUp();

        /** Where the registration with the cloud's call relay stands. */
        RegistrationStatus registration();
    }

    /** Hears mode changes; called on the thread that ran {@link #check()}, must not block. */
    @FunctionalInterface
    public interface Listener {
        void onModeChanged(LinkMode from, LinkMode to, String why);
    }

    private final String stationId;
    private final Duration failAfter;
    private final Duration recoverAfter;
    private final Clock clock;
    private final Signals signals;
    private final Listener listener;
    private LinkMode mode = LinkMode.STANDALONE;
    private Optional<LinkMode> forced = Optional.empty();
    private Instant unreachableSince;
    private Instant reachableSince;
    private String lastProblem = "";
    /** Until when a call the relay did not answer counts against the cloud (null: no such call). */
    private Instant relaySuspectUntil;
    private String relaySuspicion = "";

    public CloudLinkMonitor(String stationId, Duration failAfter, Duration recoverAfter, Clock clock, Signals signals,
            Listener listener) {
        this.stationId = Objects.requireNonNull(stationId, "stationId");
        this.failAfter = Objects.requireNonNull(failAfter, "failAfter");
        this.recoverAfter = Objects.requireNonNull(recoverAfter, "recoverAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signals = Objects.requireNonNull(signals, "signals");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The monitor of {@code settings}' thresholds. */
    public static CloudLinkMonitor of(String stationId, MeshSettings settings, Clock clock, Signals signals,
            Listener listener) {
        return new CloudLinkMonitor(stationId, settings.failAfter(), settings.recoverAfter(), clock, signals,
                listener);
    }

    /** The mode as of the last {@link #check()} (or as forced). */
    public synchronized LinkMode mode() {
        return mode;
    }

    /**
     * Holds the mode at {@code mode} whatever the signals say (tests, a technician), or lets the signals decide
     * again when empty; the change, if any, happens at once.
     */
    public synchronized void force(Optional<LinkMode> mode) {
        forced = Objects.requireNonNull(mode, "mode");
        check();
    }

    /**
     * A call through the relay, placed at {@code since}, got no response from it ({@code why}, e.g. no answer within
     * 2 s, a transport error): the cloud counts as unreachable from {@code since} for {@code failAfter}, unless the
     * relay answers before. Takes effect at the next {@link #check()}.
     */
    public synchronized void relayUnanswered(Instant since, String why) {
        Instant until = since.plus(failAfter);
        if (relaySuspectUntil == null || until.isAfter(relaySuspectUntil)) {
            relaySuspectUntil = until;
        }
        relaySuspicion = Objects.requireNonNull(why, "why");
        reachableSince = null;
        if (unreachableSince == null || since.isBefore(unreachableSince)) {
            unreachableSince = since; // the relay has been silent since the call started, not since we noticed
        }
        LOG.debug("station {}: evidence against the cloud: {}", stationId, why);
    }

    /** The relay answered a request (a call's first response): calls it did not answer count no more. */
    public synchronized void relayAnswered() {
        relaySuspectUntil = null;
    }

    /** Samples the signals once and changes the mode if the thresholds say so; returns the mode. */
    public synchronized LinkMode check() {
        Instant now = clock.instant();
        if (forced.isPresent()) {
            change(forced.get(), "forced");
            return mode;
        }
        if (!signals.claimed()) {
            unreachableSince = null;
            reachableSince = null;
            change(LinkMode.STANDALONE, "not claimed");
            return mode;
        }
        Optional<String> problem = problem(now);
        if (problem.isEmpty()) {
            unreachableSince = null;
            if (reachableSince == null) {
                reachableSince = now;
            }
        } else {
            reachableSince = null;
            lastProblem = problem.get();
            if (unreachableSince == null) {
                unreachableSince = now;
                LOG.debug("station {}: cloud unreachable ({})", stationId, lastProblem);
            }
        }
        switch (mode) {
            // a station just claimed (or started claimed) starts with the cloud and leaves it only after failAfter
            case STANDALONE -> change(LinkMode.CLOUD, "claimed");
            case CLOUD -> {
                if (unreachableSince != null && !now.isBefore(unreachableSince.plus(failAfter))) {
                    change(LinkMode.MESH, "the cloud has been unreachable for "
                            + Duration.between(unreachableSince, now).toSeconds() + " s (" + lastProblem + ")");
                }
            }
            case MESH -> {
                if (reachableSince != null && !now.isBefore(reachableSince.plus(recoverAfter))) {
                    change(LinkMode.CLOUD, "the cloud has been reachable for "
                            + Duration.between(reachableSince, now).toSeconds() + " s");
                }
            }
        }
        return mode;
    }

    /** Why the cloud is unreachable now; empty when it is reachable. */
    private Optional<String> problem(Instant now) {
        boolean channel = signals.channelUp();
        RegistrationStatus registration = signals.registration();
        // UNREGISTERED: no relay configured, or the engine not (re)started yet: nothing to judge the relay by
        boolean relay = registration.state() == RegistrationStatus.State.REGISTERED
                || registration.state() == RegistrationStatus.State.UNREGISTERED;
        if (relaySuspectUntil != null && !now.isBefore(relaySuspectUntil)) {
            relaySuspectUntil = null;
        }
        List<String> problems = new ArrayList<>();
        if (!channel) {
            problems.add("device channel down");
        }
        if (!relay) {
            problems.add("relay registration " + registration.state() + ": " + registration.detail());
        }
        if (relaySuspectUntil != null) {
            problems.add(relaySuspicion);
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", problems));
    }

    private void change(LinkMode next, String why) {
        if (next == mode) {
            return;
        }
        LinkMode from = mode;
        mode = next;
        LOG.info("station {}: calls go {} now ({})", stationId, describe(next), why);
        listener.onModeChanged(from, next, why);
    }

    private static String describe(LinkMode mode) {
        return switch (mode) {
            case STANDALONE -> "where its own file says (standalone)";
            case CLOUD -> "through the cloud (CLOUD)";
            case MESH -> "over the local mesh (MESH)";
        };
    }
}
