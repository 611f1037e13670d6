package org.openintercom.agent.call;

import java.util.concurrent.ScheduledFuture;

/** The live state of one call inside the controller; touched only on the agent's thread. */
final class Call {

    final String id;
    final CallDirection direction;
    final String remote;
    final String button;
    CallState state = CallState.IDLE;
    boolean wasConnected;
    ScheduledFuture<?> ringTimer;
    ScheduledFuture<?> talkWarningTimer;
    ScheduledFuture<?> talkLimitTimer;
    ScheduledFuture<?> autoAnswerTimer;
    ScheduledFuture<?> mediaWatch;
    long packetsReceived = -1;
    long lastMediaNanos;

    Call(String id, CallDirection direction, String remote, String button) {
        this.id = id;
        this.direction = direction;
        this.remote = remote;
        this.button = button;
    }

    void cancelTimers() {
        for (ScheduledFuture<?> timer : new ScheduledFuture<?>[] {ringTimer, talkWarningTimer, talkLimitTimer,
            autoAnswerTimer, mediaWatch}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }
}
