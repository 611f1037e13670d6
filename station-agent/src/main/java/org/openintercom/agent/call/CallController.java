package org.openintercom.agent.call;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openintercom.agent.calllog.CallLog;
import org.openintercom.agent.config.CallSettings;
import org.openintercom.agent.config.Durations;
import org.openintercom.agent.config.StationCondition;
import org.openintercom.agent.door.DoorOpener;
import org.openintercom.agent.door.DtmfCodeMatcher;
import org.openintercom.agent.door.OutputDriver;
import org.openintercom.agent.event.EventPublisher;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.media.MediaStats;
import org.openintercom.agent.sip.CallEnd;
import org.openintercom.agent.sip.CallEngine;
import org.openintercom.agent.sip.CallEngineListener;
import org.openintercom.agent.sip.DtmfMode;
import org.openintercom.agent.sip.IncomingCall;
import org.openintercom.agent.sip.NegotiatedMedia;
import org.openintercom.agent.sip.ProgressKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a station's calls: one live call at a time, moved through {@link CallTransitions} by button actions,
 * signalling events and timers (ring timeout, talk limit with warning tone and DTMF extension, auto-answer).
 * Every step is written to the {@link CallLog} and published as a {@link StationEvent}. All state is touched on
 * the agent's single thread ({@code loop}); engine callbacks are handed over to it.
 */
public final class CallController implements CallEngineListener {

    private static final Logger LOG = LoggerFactory.getLogger(CallController.class);
    private static final int WARNING_TONE_HZ = 1400;
    private static final Duration WARNING_TONE = Duration.ofMillis(400);

    private final CallSettings settings;
    private final CallEngine engine;
    private final CallLog callLog;
    private final EventPublisher events;
    private final ScheduledExecutorService loop;
    private final Clock clock;
    private final DoorOpener door;
    private Optional<DtmfCodeMatcher> doorCode;
    private final OutputDriver outputs;
    private final Consumer<String> snapshotter;
    private Call current;
    private Optional<String> pendingDoorCode; // null: none pending

    public CallController(CallSettings settings, CallEngine engine, CallLog callLog, EventPublisher events,
            ScheduledExecutorService loop, Clock clock, DoorOpener door, Optional<String> doorCode,
            OutputDriver outputs, Consumer<String> snapshotter) {
        this.settings = settings;
        this.engine = engine;
        this.callLog = callLog;
        this.events = events;
        this.loop = loop;
        this.clock = clock;
        this.door = door;
        this.doorCode = doorCode.map(code -> new DtmfCodeMatcher(code, Duration.ofSeconds(5)));
        this.outputs = outputs;
        this.snapshotter = snapshotter;
    }

    /** Changes the DTMF door code from the next call on. Agent thread only. */
    public void setDoorCode(Optional<String> code) {
        if (current == null) {
            this.doorCode = code.map(c -> new DtmfCodeMatcher(c, Duration.ofSeconds(5)));
        } else {
            pendingDoorCode = code;
        }
    }

    /** The live call's id and state, if there is one. Agent thread only. */
    public Optional<CallStatus> current() {
        return Optional.ofNullable(current).map(c -> new CallStatus(c.id, c.direction, c.remote, c.state));
    }

    /** Places a call from {@code button} to {@code target}; ignored while a call is live (visitors press twice). */
    public Optional<String> dial(String button, String target) {
        return dial(button, target, id -> engine.dial(id, target));
    }

    /**
     * Places a call from {@code button} that {@code placer} starts on the engine with the new call id (e.g. several
     * targets rung at once); {@code target} is what the call log shows as the other side. Ignored while a call is
     * live.
     */
    public Optional<String> dial(String button, String target, Consumer<String> placer) {
        if (current != null) {
            LOG.debug("button {} pressed during call {}: ignored", button, current.id);
            return Optional.empty();
        }
        Call call = new Call(newCallId(), CallDirection.OUTGOING, target, button);
        current = call;
        callLog.started(call.id, call.direction, target, button);
        snapshotter.accept(call.id);
        move(call, CallTrigger.DIAL, "to " + target);
        call.ringTimer = schedule(() -> timeout(call, CallTrigger.RING_TIMEOUT), settings.ringTimeout());
        placer.accept(call.id);
        return Optional.of(call.id);
    }

    /** Answers the ringing incoming call, or hangs up a connected one (the answer key of an indoor station). */
    public void answerOrHangup() {
        if (current == null) {
            return;
        }
        if (current.state == CallState.INCOMING) {
            engine.answer(current.id);
        } else {
            hangup();
        }
    }

    /** Ends the live call from this side. */
    public void hangup() {
        if (current != null) {
            Call call = current;
            engine.hangup(call.id);
            finish(call, CallTrigger.LOCAL_HANGUP, "hung up here");
        }
    }

    /** Sends digits to the other side of the connected call, in the configured DTMF mode. */
    public boolean sendDtmf(String digits) {
        if (current == null || current.state != CallState.CONNECTED) {
            return false;
        }
        for (char digit : digits.toCharArray()) {
            engine.sendDtmf(current.id, digit, settings.dtmfMode());
        }
        return true;
    }

    // --- engine callbacks: handed to the agent thread ---

    @Override
    public void onIncoming(IncomingCall incoming) {
        loop.execute(() -> incoming(incoming));
    }

    @Override
    public void onProgress(String callId, ProgressKind kind) {
        loop.execute(() -> withCall(callId, call -> move(call,
                kind == ProgressKind.RINGING ? CallTrigger.PROGRESS_RINGING : CallTrigger.PROGRESS_EARLY_MEDIA, "")));
    }

    @Override
    public void onConnected(String callId, NegotiatedMedia media) {
        loop.execute(() -> withCall(callId, call -> connected(call, media)));
    }

    @Override
    public void onDtmf(String callId, char digit, DtmfMode via) {
        loop.execute(() -> withCall(callId, call -> dtmf(call, digit, via)));
    }

    @Override
    public void onEnded(String callId, CallEnd end) {
        loop.execute(() -> withCall(callId, call -> finish(call, trigger(end), describe(end))));
    }

    // --- the steps ---

    private void incoming(IncomingCall incoming) {
        if (current != null) {
            engine.reject(incoming.callId(), true);
            callLog.started(incoming.callId(), CallDirection.INCOMING, incoming.from(), "");
            callLog.ended(incoming.callId(), CallOutcome.BUSY, "station busy with call " + current.id);
            events.publish(StationEvent.Type.CALL_ENDED, incoming.callId(), "BUSY (station busy)");
            return;
        }
        Call call = new Call(incoming.callId(), CallDirection.INCOMING, incoming.from(), "");
        current = call;
        callLog.started(call.id, call.direction, call.remote, "");
        move(call, CallTrigger.INCOMING, "from " + incoming.from());
        call.ringTimer = schedule(() -> timeout(call, CallTrigger.RING_TIMEOUT), settings.ringTimeout());
        if (settings.autoAnswer()) {
            call.autoAnswerTimer = schedule(() -> {
                if (current == call && call.state == CallState.INCOMING) {
                    engine.answer(call.id);
                }
            }, settings.autoAnswerDelay());
        }
    }

    private void connected(Call call, NegotiatedMedia media) {
        if (!move(call, CallTrigger.CONNECTED, media.codec() + (media.srtp() ? " SRTP" : ""))) {
            return;
        }
        call.wasConnected = true;
        call.ringTimer.cancel(false);
        callLog.codec(call.id, media.codec() + (media.srtp() ? "/SRTP" : ""));
        scheduleTalkLimit(call);
        watchMedia(call);
        doorCode.ifPresent(DtmfCodeMatcher::reset);
    }

    /** Ends a connected call when no audio has arrived from the other side for the media timeout. */
    private void watchMedia(Call call) {
        Duration timeout = settings.mediaTimeout();
        if (timeout.isZero()) {
            return;
        }
        call.lastMediaNanos = System.nanoTime();
        long every = Math.max(100, Math.min(5_000, timeout.toMillis() / 3));
        call.mediaWatch = loop.scheduleWithFixedDelay(() -> {
            if (current != call) {
                return;
            }
            long received = engine.mediaStats(call.id).map(MediaStats::packetsReceived).orElse(call.packetsReceived);
            if (received != call.packetsReceived) {
                call.packetsReceived = received;
                call.lastMediaNanos = System.nanoTime();
            } else if (System.nanoTime() - call.lastMediaNanos >= timeout.toNanos()) {
                engine.hangup(call.id);
                finish(call, CallTrigger.MEDIA_TIMEOUT, "no audio from the other side for "
                        + Durations.format(timeout));
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private void scheduleTalkLimit(Call call) {
        if (call.talkWarningTimer != null) {
            call.talkWarningTimer.cancel(false);
        }
        if (call.talkLimitTimer != null) {
            call.talkLimitTimer.cancel(false);
        }
        Duration limit = settings.talkLimit();
        Duration warning = settings.talkLimitWarning();
        if (!warning.isZero()) {
            call.talkWarningTimer = schedule(() -> {
                if (current == call) {
                    engine.playTone(call.id, WARNING_TONE_HZ, WARNING_TONE);
                    events.publish(StationEvent.Type.TALK_LIMIT_WARNING, call.id, "call ends in "
                            + Durations.format(warning) + "; press " + settings.extendKey() + " to extend");
                }
            }, limit.minus(warning));
        }
        call.talkLimitTimer = schedule(() -> timeout(call, CallTrigger.TALK_LIMIT), limit);
    }

    private void dtmf(Call call, char digit, DtmfMode via) {
        events.publish(StationEvent.Type.DTMF_RECEIVED, call.id, digit + " via " + via);
        if (call.state != CallState.CONNECTED) {
            return;
        }
        if (doorCode.isPresent() && doorCode.get().accept(digit, clock.instant())) {
            door.open("dtmf", call.id);
            return;
        }
        if (Character.toUpperCase(digit) == Character.toUpperCase(settings.extendKey())) {
            scheduleTalkLimit(call);
            events.publish(StationEvent.Type.TALK_LIMIT_EXTENDED, call.id, "talk limit restarted: "
                    + Durations.format(settings.talkLimit()));
        }
    }

    private void timeout(Call call, CallTrigger trigger) {
        if (current != call) {
            return;
        }
        engine.hangup(call.id);
        finish(call, trigger, trigger == CallTrigger.RING_TIMEOUT
                ? "nobody answered within " + Durations.format(settings.ringTimeout())
                : "talk limit of " + Durations.format(settings.talkLimit()) + " reached");
    }

    private void finish(Call call, CallTrigger trigger, String detail) {
        if (!move(call, trigger, detail)) {
            return;
        }
        call.cancelTimers();
        CallOutcome outcome = CallOutcome.of(trigger, call.wasConnected);
        callLog.ended(call.id, outcome, detail);
        events.publish(StationEvent.Type.CALL_ENDED, call.id, outcome + (detail.isEmpty() ? "" : " (" + detail + ")"));
        if (current == call) {
            current = null;
            if (pendingDoorCode != null) {
                Optional<String> code = pendingDoorCode;
                pendingDoorCode = null;
                setDoorCode(code);
            }
        }
    }

    /** Applies a trigger through the transition table; false when the table ignores it. */
    private boolean move(Call call, CallTrigger trigger, String detail) {
        Optional<CallState> next = CallTransitions.next(call.state, trigger);
        if (next.isEmpty()) {
            LOG.debug("call {}: {} ignored in state {}", call.id, trigger, call.state);
            return false;
        }
        if (next.get() == call.state) {
            return true;
        }
        call.state = next.get();
        callLog.state(call.id, call.state);
        events.publish(StationEvent.Type.CALL_STATE, call.id, call.state + (detail.isEmpty() ? "" : " " + detail));
        outputs.set(StationCondition.CALLING, call.state == CallState.CALLING || call.state == CallState.RINGING
                || call.state == CallState.EARLY_MEDIA);
        outputs.set(StationCondition.RINGING, call.state == CallState.INCOMING);
        outputs.set(StationCondition.CONNECTED, call.state == CallState.CONNECTED);
        return true;
    }

    private void withCall(String callId, Consumer<Call> action) {
        if (current != null && current.id.equals(callId)) {
            action.accept(current);
        } else {
            LOG.debug("event for call {} which is not the live call: ignored", callId);
        }
    }

    private java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return loop.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static CallTrigger trigger(CallEnd end) {
        return switch (end.cause()) {
            case LOCAL_HANGUP -> CallTrigger.LOCAL_HANGUP;
            case REMOTE_HANGUP -> CallTrigger.REMOTE_HANGUP;
            case REMOTE_CANCEL -> CallTrigger.REMOTE_CANCEL;
            case BUSY -> CallTrigger.BUSY;
            case REJECTED -> CallTrigger.REJECTED;
            case UNREACHABLE -> CallTrigger.UNREACHABLE;
            case MEDIA_REFUSED -> CallTrigger.MEDIA_REFUSED;
            case FAILED -> CallTrigger.FAILED;
        };
    }

    private static String describe(CallEnd end) {
        String status = end.sipStatus() > 0 ? "SIP " + end.sipStatus() : "";
        String detail = end.detail() == null ? "" : end.detail();
        return (status + (status.isEmpty() || detail.isEmpty() ? "" : " ") + detail).trim();
    }

    private static String newCallId() {
        return UUID.randomUUID().toString();
    }
}
