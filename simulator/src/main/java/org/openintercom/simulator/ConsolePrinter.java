package org.openintercom.simulator;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import org.openintercom.agent.event.StationEvent;
import org.openintercom.agent.event.StationListener;

/** Prints station events as they happen, with the time since the run started: the simulator's console. */
final class ConsolePrinter implements StationListener {

    private final PrintStream out;
    private final Instant start;

    ConsolePrinter(PrintStream out, Instant start) {
        this.out = out;
        this.start = start;
    }

    @Override
    public void onEvent(StationEvent e) {
        line(e.stationId(), label(e) + (e.detail().isEmpty() ? "" : "  " + e.detail()));
    }

    void line(String who, String text) {
        long ms = Duration.between(start, Instant.now()).toMillis();
        synchronized (out) {
            out.printf("%7.3fs  %-12s %s%n", ms / 1000.0, who, text);
            out.flush();
        }
    }

    private static String label(StationEvent e) {
        return switch (e.type()) {
            case CALL_STATE -> "call";
            case CALL_ENDED -> "call ended";
            case DTMF_RECEIVED -> "DTMF received";
            case DOOR_OPENED -> "DOOR OPENED";
            case DOOR_CONTACT_OPEN -> "door contact: open";
            case DOOR_CONTACT_CLOSED -> "door contact: closed";
            case DOOR_OPEN_TOO_LONG -> "DOOR OPEN TOO LONG";
            case TAMPER -> "TAMPER";
            case TAMPER_CLEARED -> "tamper cleared";
            case INPUT_CHANGED -> "input";
            case OUTPUT_CHANGED -> "output";
            case SNAPSHOT_TAKEN -> "snapshot";
            case TALK_LIMIT_WARNING -> "talk limit warning";
            case TALK_LIMIT_EXTENDED -> "talk limit extended";
            case LINK_MODE_CHANGED -> "calls go";
            case NO_LOCAL_STATION -> "NO LOCAL STATION";
            case RELAY_UNANSWERED -> "relay unanswered";
        };
    }
}
