package org.openintercom.cloud.calls.history;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openintercom.cloud.calls.sip.CallObserver;
import org.openintercom.provisioning.claim.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Call history fed by the relay: every call a station places (the caller is a device id, proven by its
 * certificate or its digest credentials) becomes a record through the {@link CallRecorder}. Calls between SIP
 * phones are not station calls and are not recorded. Never throws into the relay: a failing database is logged.
 */
public final class RelayCallHistory implements CallObserver {

    private static final Logger LOG = LoggerFactory.getLogger(RelayCallHistory.class);

    private final CallRecorder recorder;
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();

    public RelayCallHistory(CallRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void started(String callId, String caller, String callerDisplay, String callerUri, String target,
            String targetKind, String routing, Instant at) {
        if (caller == null || !DeviceId.isValid(caller) || callId.length() > NewCall.MAX_CALL_ID) {
            return;
        }
        try {
            recorder.callStarted(new NewCall(callId, DeviceId.parse(caller), callerDisplay, callerUri, target,
                    TargetKind.valueOf(targetKind), routing, at));
            recorded.add(callId);
        } catch (RuntimeException e) {
            LOG.warn("call {} of station {} is not in the call history: {}", callId, caller, e.getMessage());
        }
    }

    @Override
    public void rung(String callId, int wave, List<String> contacts, Instant at) {
        if (recorded.contains(callId)) {
            safely(callId, () -> recorder.targetsRung(callId, wave, contacts, at));
        }
    }

    @Override
    public void answered(String callId, String by, Instant at) {
        if (recorded.contains(callId)) {
            safely(callId, () -> recorder.answered(callId, by, at));
        }
    }

    @Override
    public void unanswered(String callId, int status, String reason, boolean cancelledByCaller, Instant at) {
        if (!recorded.remove(callId)) {
            return;
        }
        CallEnd end;
        if (cancelledByCaller) {
            end = CallEnd.cancelled(at);
        } else if (status == 486 || status == 600) {
            end = CallEnd.refused(DialStatus.BUSY, status, reason, at);
        } else if (status == 603 || status == 403) {
            end = CallEnd.refused(DialStatus.REJECTED, status, reason, at);
        } else if (status == 480 || status == 408 || status == 487) {
            end = CallEnd.noAnswer(status, reason, at);
        } else {
            end = CallEnd.refused(DialStatus.FAILED, status, reason, at);
        }
        safely(callId, () -> recorder.ended(callId, end));
    }

    @Override
    public void hungUp(String callId, boolean byCaller, Instant at) {
        if (recorded.remove(callId)) {
            safely(callId, () -> recorder.ended(callId, CallEnd.hungUp(byCaller ? EndCause.CALLER_HUNG_UP
                    : EndCause.CALLEE_HUNG_UP, at)));
        }
    }

    @Override
    public void talkLimitReached(String callId, Instant at) {
        if (recorded.remove(callId)) {
            safely(callId, () -> recorder.ended(callId, CallEnd.hungUp(EndCause.TALK_LIMIT, at)));
        }
    }

    @Override
    public void mediaLost(String callId, Instant at) {
        if (recorded.remove(callId)) {
            safely(callId, () -> recorder.ended(callId, CallEnd.hungUp(EndCause.ERROR, at)));
        }
    }

    private static void safely(String callId, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("call {}: call history not updated: {}", callId, e.getMessage());
        }
    }
}
