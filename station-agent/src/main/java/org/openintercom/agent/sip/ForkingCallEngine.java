package org.openintercom.agent.sip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import org.openintercom.agent.media.MediaStats;

/**
 * A {@link CallEngine} that can ring several targets at once as one call ({@link #dialAll}): one INVITE per target
 * (each its own SIP call, a "branch"), the first to answer is the call, the others are cancelled (or, if they
 * answered too, hung up). Above it the call looks like any other: progress, connect, DTMF and end under the caller's
 * call id. Everything else passes through to the engine below.
 */
public final class ForkingCallEngine extends ForwardingCallEngine {

    private final CallEngine inner;
    private final Map<String, Fork> forks = new HashMap<>();
    private final Map<String, Fork> byBranch = new HashMap<>();

    /** One call rung at several targets. */
    private static final class Fork {
        final String callId;
        final List<String> branches;
        final Set<String> live;
        final IntConsumer onAnswered;
        String winner;
        CallEnd worstEnd;
        boolean hungUp;

        Fork(String callId, List<String> branches, IntConsumer onAnswered) {
            this.callId = callId;
            this.branches = List.copyOf(branches);
            this.live = new LinkedHashSet<>(branches);
            this.onAnswered = onAnswered;
        }
    }

    public ForkingCallEngine(CallEngine inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /**
     * Rings every one of {@code targetUris} at once as the call {@code callId}: the first to answer connects (and
     * {@code onAnswered} hears its index in the list, on an engine thread), the others get CANCEL. When none
     * answers, the call ends once every branch has ended, with the most telling cause (busy, declined, ...).
     *
     * @throws IllegalArgumentException if there is no target
     */
    public void dialAll(String callId, List<String> targetUris, IntConsumer onAnswered) {
        dialAll(callId, targetUris, inner::dial, onAnswered);
    }

    /** How a branch is placed: dials {@code targetUri} as the call {@code branchId}. */
    @FunctionalInterface
    public interface Dialer {
        void dial(String branchId, String targetUri);
    }

    /**
     * As {@link #dialAll(String, List, IntConsumer)}, each branch placed by {@code dialer} (e.g. through another engine
     * whose events reach this engine's, such as {@link RoutingCallEngine#dialMesh}).
     *
     * @throws IllegalArgumentException if there is no target
     */
    public void dialAll(String callId, List<String> targetUris, Dialer dialer, IntConsumer onAnswered) {
        Objects.requireNonNull(dialer, "dialer");
        if (targetUris.isEmpty()) {
            throw new IllegalArgumentException("call " + callId + ": no target to ring");
        }
        List<String> branches = new ArrayList<>();
        for (int i = 0; i < targetUris.size(); i++) {
            branches.add(callId + "." + (i + 1));
        }
        Fork fork = new Fork(callId, branches, onAnswered);
        synchronized (this) {
            forks.put(callId, fork);
            branches.forEach(b -> byBranch.put(b, fork));
        }
        for (int i = 0; i < branches.size(); i++) {
            dialer.dial(branches.get(i), targetUris.get(i));
        }
    }

    @Override
    protected CallEngine delegate() {
        return inner;
    }

    @Override
    public void start(CallEngineListener listener) {
        inner.start(new Demultiplexer(Objects.requireNonNull(listener, "listener")));
    }

    @Override
    public void hangup(String callId) {
        List<String> ending;
        synchronized (this) {
            Fork fork = forks.get(callId);
            if (fork == null) {
                ending = List.of(callId);
            } else {
                fork.hungUp = true;
                ending = fork.winner != null ? List.of(fork.winner) : List.copyOf(fork.live);
            }
        }
        ending.forEach(inner::hangup);
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

    /** The engine's id of {@code callId}: the answered branch of a fork, else the id itself. */
    private synchronized String leg(String callId) {
        Fork fork = forks.get(callId);
        return fork == null || fork.winner == null ? callId : fork.winner;
    }

    /** Hands the engine's events up under the caller's call id, deciding the race between branches. */
    private final class Demultiplexer implements CallEngineListener {
        private final CallEngineListener up;

        Demultiplexer(CallEngineListener up) {
            this.up = up;
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
        public void onTrying(String callId) {
            synchronized (ForkingCallEngine.this) {
                if (byBranch.containsKey(callId)) {
                    return; // a branch's next hop: the fork reports ringing, not its branches' first responses
                }
            }
            up.onTrying(callId);
        }

        @Override
        public void onProgress(String callId, ProgressKind kind) {
            Fork fork;
            synchronized (ForkingCallEngine.this) {
                fork = byBranch.get(callId);
                if (fork != null && (fork.hungUp || fork.winner != null && !fork.winner.equals(callId))) {
                    return;
                }
            }
            up.onProgress(fork == null ? callId : fork.callId, kind);
        }

        @Override
        public void onConnected(String callId, NegotiatedMedia media) {
            Fork fork;
            List<String> losers = new ArrayList<>();
            boolean won;
            synchronized (ForkingCallEngine.this) {
                fork = byBranch.get(callId);
                if (fork == null) {
                    up.onConnected(callId, media);
                    return;
                }
                won = fork.winner == null && !fork.hungUp;
                if (won) {
                    fork.winner = callId;
                    fork.live.stream().filter(b -> !b.equals(callId)).forEach(losers::add);
                }
            }
            if (!won) {
                inner.hangup(callId); // answered too late (or after we gave up): BYE
                return;
            }
            losers.forEach(inner::hangup); // CANCEL, or BYE if its 200 crossed ours
            fork.onAnswered.accept(fork.branches.indexOf(callId));
            up.onConnected(fork.callId, media);
        }

        @Override
        public void onDtmf(String callId, char digit, DtmfMode via) {
            Fork fork;
            synchronized (ForkingCallEngine.this) {
                fork = byBranch.get(callId);
                if (fork != null && !callId.equals(fork.winner)) {
                    return;
                }
            }
            up.onDtmf(fork == null ? callId : fork.callId, digit, via);
        }

        @Override
        public void onEnded(String callId, CallEnd end) {
            Fork fork;
            boolean report;
            synchronized (ForkingCallEngine.this) {
                fork = byBranch.remove(callId);
                if (fork == null) {
                    report = true;
                } else {
                    fork.live.remove(callId);
                    if (callId.equals(fork.winner)) {
                        report = true;
                    } else {
                        fork.worstEnd = telling(fork.worstEnd, end);
                        report = fork.winner == null && fork.live.isEmpty();
                        end = fork.worstEnd;
                    }
                    if (fork.live.isEmpty() || callId.equals(fork.winner)) {
                        forks.remove(fork.callId);
                    }
                }
            }
            if (report) {
                up.onEnded(fork == null ? callId : fork.callId, end);
            }
        }
    }

    /** Of two branch ends, the one that says most about why nobody answered. */
    private static CallEnd telling(CallEnd kept, CallEnd next) {
        if (kept == null) {
            return next;
        }
        return rank(next.cause()) > rank(kept.cause()) ? next : kept;
    }

    private static int rank(EndCause cause) {
        return switch (cause) {
            case BUSY -> 6;
            case REJECTED -> 5;
            case REMOTE_HANGUP, REMOTE_CANCEL -> 4;
            case MEDIA_REFUSED -> 3;
            case FAILED -> 2;
            case UNREACHABLE -> 1;
            case LOCAL_HANGUP -> 0;
        };
    }
}
