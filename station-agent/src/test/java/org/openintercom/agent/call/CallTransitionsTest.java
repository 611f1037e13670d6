package org.openintercom.agent.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CallTransitionsTest {

    @Test
    void an_outgoing_call_goes_calling_ringing_connected_ended() {
        CallState s = CallState.IDLE;
        s = CallTransitions.next(s, CallTrigger.DIAL).orElseThrow();
        assertThat(s).isEqualTo(CallState.CALLING);
        s = CallTransitions.next(s, CallTrigger.PROGRESS_RINGING).orElseThrow();
        assertThat(s).isEqualTo(CallState.RINGING);
        s = CallTransitions.next(s, CallTrigger.CONNECTED).orElseThrow();
        assertThat(s).isEqualTo(CallState.CONNECTED);
        s = CallTransitions.next(s, CallTrigger.REMOTE_HANGUP).orElseThrow();
        assertThat(s).isEqualTo(CallState.ENDED);
    }

    @Test
    void a_180_after_the_200_is_ignored() {
        assertThat(CallTransitions.next(CallState.CONNECTED, CallTrigger.PROGRESS_RINGING)).isEmpty();
        assertThat(CallTransitions.next(CallState.CONNECTED, CallTrigger.PROGRESS_EARLY_MEDIA)).isEmpty();
    }

    @Test
    void ringing_after_early_media_does_not_go_back() {
        assertThat(CallTransitions.next(CallState.EARLY_MEDIA, CallTrigger.PROGRESS_RINGING)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = CallTrigger.class, mode = EnumSource.Mode.MATCH_ALL, names = ".*")
    void nothing_leaves_ended(CallTrigger trigger) {
        assertThat(CallTransitions.next(CallState.ENDED, trigger)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = CallState.class, names = "ENDED", mode = EnumSource.Mode.EXCLUDE)
    void every_live_state_can_end(CallState state) {
        for (CallTrigger trigger : CallTrigger.values()) {
            if (trigger.ends()) {
                assertThat(CallTransitions.next(state, trigger)).contains(CallState.ENDED);
            }
        }
    }

    @Test
    void outcomes_follow_the_trigger_and_whether_the_call_was_answered() {
        assertThat(CallOutcome.of(CallTrigger.RING_TIMEOUT, false)).isEqualTo(CallOutcome.NO_ANSWER);
        assertThat(CallOutcome.of(CallTrigger.BUSY, false)).isEqualTo(CallOutcome.BUSY);
        assertThat(CallOutcome.of(CallTrigger.REMOTE_HANGUP, true)).isEqualTo(CallOutcome.ANSWERED);
        assertThat(CallOutcome.of(CallTrigger.TALK_LIMIT, true)).isEqualTo(CallOutcome.TALK_LIMIT);
        assertThat(CallOutcome.of(CallTrigger.REMOTE_CANCEL, false)).isEqualTo(CallOutcome.CANCELLED);
    }
}
