package org.openintercom.agent.call;

import static org.openintercom.agent.call.CallState.CALLING;
import static org.openintercom.agent.call.CallState.CONNECTED;
import static org.openintercom.agent.call.CallState.EARLY_MEDIA;
import static org.openintercom.agent.call.CallState.ENDED;
import static org.openintercom.agent.call.CallState.IDLE;
import static org.openintercom.agent.call.CallState.INCOMING;
import static org.openintercom.agent.call.CallState.RINGING;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The call lifecycle as a table: (state, trigger) → next state. A pair that is not in the table is ignored (for
 * example a 180 that arrives after the 200: CONNECTED + PROGRESS_RINGING stays CONNECTED). Every ending trigger
 * leads from any live state to ENDED.
 *
 * <pre>
 * IDLE        DIAL                  → CALLING
 * IDLE        INCOMING              → INCOMING
 * CALLING     PROGRESS_RINGING      → RINGING
 * CALLING     PROGRESS_EARLY_MEDIA  → EARLY_MEDIA
 * RINGING     PROGRESS_EARLY_MEDIA  → EARLY_MEDIA
 * CALLING     CONNECTED             → CONNECTED
 * RINGING     CONNECTED             → CONNECTED
 * EARLY_MEDIA CONNECTED             → CONNECTED
 * INCOMING    CONNECTED             → CONNECTED
 * (any but ENDED) ending trigger    → ENDED
 * </pre>
 */
public final class CallTransitions {

    private static final Map<CallState, Map<CallTrigger, CallState>> TABLE = new EnumMap<>(CallState.class);

    static {
        on(IDLE, CallTrigger.DIAL, CALLING);
        on(IDLE, CallTrigger.INCOMING, INCOMING);
        on(CALLING, CallTrigger.PROGRESS_RINGING, RINGING);
        on(CALLING, CallTrigger.PROGRESS_EARLY_MEDIA, EARLY_MEDIA);
        on(RINGING, CallTrigger.PROGRESS_EARLY_MEDIA, EARLY_MEDIA);
        on(CALLING, CallTrigger.CONNECTED, CONNECTED);
        on(RINGING, CallTrigger.CONNECTED, CONNECTED);
        on(EARLY_MEDIA, CallTrigger.CONNECTED, CONNECTED);
        on(INCOMING, CallTrigger.CONNECTED, CONNECTED);
        for (CallState live : CallState.values()) {
            if (live == ENDED) {
                continue;
            }
            for (CallTrigger trigger : CallTrigger.values()) {
                if (trigger.ends()) {
                    on(live, trigger, ENDED);
                }
            }
        }
    }

    private CallTransitions() {
    }

    private static void on(CallState from, CallTrigger trigger, CallState to) {
        TABLE.computeIfAbsent(from, s -> new EnumMap<>(CallTrigger.class)).put(trigger, to);
    }

    /** The next state, or empty when the trigger does not apply in {@code from} (it is then ignored). */
    public static Optional<CallState> next(CallState from, CallTrigger trigger) {
        return Optional.ofNullable(TABLE.getOrDefault(from, Map.of()).get(trigger));
    }
}
