package org.openintercom.agent.door;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.openintercom.agent.config.Durations;
import org.openintercom.agent.config.StationCondition;
import org.openintercom.agent.event.EventPublisher;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.hal.io.InputChange;

/**
 * Watches the door contact: publishes door open / closed, keeps the DOOR_OPEN condition, and raises "door open
 * too long" when the door stays open past the configured time. Runs on the agent's thread.
 */
public final class DoorMonitor {

    private final Duration openTooLong;
    private final EventPublisher events;
    private final OutputDriver outputs;
    private final ScheduledExecutorService loop;
    private ScheduledFuture<?> tooLong;

    public DoorMonitor(Duration openTooLong, EventPublisher events, OutputDriver outputs,
            ScheduledExecutorService loop) {
        this.openTooLong = openTooLong;
        this.events = events;
        this.outputs = outputs;
        this.loop = loop;
    }

    public void onContact(InputChange change) {
        outputs.set(StationCondition.DOOR_OPEN, change.active());
        if (change.active()) {
            events.publish(StationEvent.Type.DOOR_CONTACT_OPEN, null, change.inputId());
            if (tooLong == null || tooLong.isDone()) {
                tooLong = loop.schedule(() -> events.publish(StationEvent.Type.DOOR_OPEN_TOO_LONG, null,
                        "open for more than " + Durations.format(openTooLong)),
                        openTooLong.toMillis(), TimeUnit.MILLISECONDS);
            }
        } else {
            events.publish(StationEvent.Type.DOOR_CONTACT_CLOSED, null, change.inputId());
            if (tooLong != null) {
                tooLong.cancel(false);
                tooLong = null;
            }
        }
    }
}
