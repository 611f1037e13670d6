package org.openintercom.agent.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventPublisherTest {

    @TempDir
    Path dir;

    @Test
    void keeps_door_events_on_disk_but_never_the_dtmf_digits_of_a_door_code() throws Exception {
        Path journal = dir.resolve("events.jsonl");
        List<StationEvent> heard = new ArrayList<>();
        try (EventPublisher events = new EventPublisher("door", journal, Clock.systemUTC())) {
            events.addListener(heard::add);
            events.publish(StationEvent.Type.DTMF_RECEIVED, "c1", "7 via RFC4733");
            events.publish(StationEvent.Type.DOOR_OPENED, "c1", "dtmf");
            events.addListener(e -> {
                throw new IllegalStateException("a broken listener");
            });
            events.publish(StationEvent.Type.TAMPER, null, "tamper");

            assertThat(heard).extracting(StationEvent::type).containsExactly(StationEvent.Type.DTMF_RECEIVED,
                    StationEvent.Type.DOOR_OPENED, StationEvent.Type.TAMPER);
        }
        try (EventPublisher reopened = new EventPublisher("door", journal, Clock.systemUTC())) {
            assertThat(reopened.history()).extracting(StationEvent::type)
                    .containsExactly(StationEvent.Type.DOOR_OPENED, StationEvent.Type.TAMPER);
        }
        assertThat(Files.readString(journal)).doesNotContain("RFC4733");
    }
}
