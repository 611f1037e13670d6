package org.openintercom.simulator.scenario;

import java.time.Duration;
import java.util.Optional;

/** One step of a scenario: an action on a station or an expectation about what happens next. */
public sealed interface Step {

    /** The station the step is about (empty for {@link Wait}). */
    String station();

    /** A short description for the console, e.g. "press frontdoor/call". */
    String describe();

    /** Presses a button of the emulated hardware (a visitor's press, or a resident's answer key). */
    record Press(String station, String button, boolean longPress) implements Step {
        public String describe() {
            return (longPress ? "long-press " : "press ") + station + "/" + button;
        }
    }

    /** Answers the ringing call (or hangs up a connected one) as the station's answer key would. */
    record Answer(String station) implements Step {
        public String describe() {
            return "answer at " + station;
        }
    }

    /** Hangs up the station's call. */
    record Hangup(String station) implements Step {
        public String describe() {
            return "hang up at " + station;
        }
    }

    /** Sends DTMF digits from the station to the other side. */
    record Dtmf(String station, String digits) implements Step {
        public String describe() {
            return "send DTMF " + digits + " from " + station;
        }
    }

    /** Opens the station's door on command (as the cloud or a guard would). */
    record OpenDoor(String station) implements Step {
        public String describe() {
            return "open door of " + station + " by command";
        }
    }

    /** Opens or closes the emulated door contact. */
    record DoorContact(String station, boolean open) implements Step {
        public String describe() {
            return (open ? "open" : "close") + " the door at " + station;
        }
    }

    /** Waits. */
    record Wait(Duration duration) implements Step {
        public String station() {
            return "";
        }

        public String describe() {
            return "wait " + duration.toMillis() + " ms";
        }
    }

    /** Expects the station's call to reach a state (idle = no call) within a time. */
    record ExpectState(String station, String state, Duration within) implements Step {
        public String describe() {
            return "expect " + station + " " + state;
        }
    }

    /** Expects a station event (door-opened, door-open-too-long, ...) within a time. */
    record ExpectEvent(String station, String event, Optional<String> detail, Duration within) implements Step {
        public String describe() {
            return "expect " + station + " event " + event + detail.map(d -> " (" + d + ")").orElse("");
        }
    }

    /** Expects the station's speaker to play a tone of the given frequency (audio arrived from the other side). */
    record ExpectAudio(String station, int frequencyHz, int toleranceHz) implements Step {
        public String describe() {
            return "expect " + station + " to hear " + frequencyHz + " Hz";
        }
    }

    /**
     * Expects the station's door relay to have pulsed at least {@code pulses} times (since the station started) within
     * a time.
     */
    record ExpectRelay(String station, String relay, int pulses, Duration within) implements Step {
        public String describe() {
            return "expect " + station + " relay '" + relay + "' to open" + (pulses == 1 ? "" : " (pulse " + pulses
                    + ")");
        }
    }

    /**
     * The release engineer and operator: builds an emulated image of {@code version} for {@code models} (a bad
     * build failing its self-test on {@code badOnRevisions}, all boards when the list holds "all"), signs it under
     * the cloud's development release CA and uploads it.
     */
    record Release(String version, java.util.List<String> models, int securityVersion,
            java.util.List<String> badOnRevisions) implements Step {
        public String station() {
            return "";
        }

        public String describe() {
            return "release " + version + " for " + String.join(",", models)
                    + (badOnRevisions.isEmpty() ? "" : " (a bad build on " + String.join(",", badOnRevisions) + ")");
        }
    }

    /** The operator rolls a released version out to every device it runs on, in waves. */
    record Rollout(String version, java.util.List<Integer> waves, Duration soak, Optional<Integer> maxFailurePercent)
            implements Step {
        public String station() {
            return "";
        }

        public String describe() {
            return "roll out " + version + " in waves " + waves;
        }
    }

    /** Expects the station to run (committed) firmware {@code version} within a time. */
    record ExpectFirmware(String station, String version, Duration within) implements Step {
        public String describe() {
            return "expect " + station + " to run firmware " + version;
        }
    }

    /**
     * The operator sets up a ring group on the cloud's call relay through the API: {@code members} are stations of
     * the scenario (they ring as their device ids), in priority order for a sequential group.
     */
    record RingGroup(String id, String site, String strategy, java.util.List<String> members, Duration advance)
            implements Step {
        public String station() {
            return "";
        }

        public String describe() {
            return "ring group " + id + " (" + strategy.toLowerCase(java.util.Locale.ROOT) + ") of "
                    + String.join(", ", members);
        }
    }

    /** Expects the station to be registered with the cloud's call relay (under its device id) within a time. */
    record ExpectRegistered(String station, Duration within) implements Step {
        public String describe() {
            return "expect " + station + " registered with the call relay";
        }
    }

    /**
     * Expects the cloud's call history to hold the station's latest call with {@code status} (ANSWERED, MISSED,
     * ...), answered by station {@code answeredBy} when given, within a time.
     */
    record ExpectCallRecord(String station, String status, Optional<String> answeredBy, Duration within)
            implements Step {
        public String describe() {
            return "expect the call history to show " + station + "'s call " + status.toLowerCase(java.util.Locale.ROOT)
                    + answeredBy.map(a -> " by " + a).orElse("");
        }
    }

    /**
     * Stops the scenario's cloud-lite as a whole (installer API, device endpoint, MQTT broker, call relay): for the
     * stations the cloud is gone.
     */
    record StopCloud() implements Step {
        public String station() {
            return "";
        }

        public String describe() {
            return "stop the cloud";
        }
    }

    /** Starts the scenario's cloud-lite again from the same data folder (H2 on disk) on the same ports. */
    record StartCloud() implements Step {
        public String station() {
            return "";
        }

        public String describe() {
            return "start the cloud again";
        }
    }

    /** Expects where the station's calls go ({@code CLOUD}, {@code MESH}, {@code STANDALONE}) within a time. */
    record ExpectLinkMode(String station, String mode, Duration within) implements Step {
        public String describe() {
            return "expect " + station + "'s calls to go " + mode;
        }
    }

    /** Expects the station's device channel (MQTT) to the cloud to be up within a time. */
    record ExpectConnected(String station, Duration within) implements Step {
        public String describe() {
            return "expect " + station + " connected to the cloud";
        }
    }

    /** Expects the station to see {@code peers} (stations of the scenario) on the mesh, verified and answering. */
    record ExpectMeshPeers(String station, java.util.List<String> peers, Duration within) implements Step {
        public String describe() {
            return "expect " + station + " to see " + String.join(", ", peers) + " on the mesh";
        }
    }

    /** Expects the station to hold a fallback plan in which {@code button} rings {@code targets}, in that order. */
    record ExpectFallbackPlan(String station, String button, java.util.List<String> targets, Duration within)
            implements Step {
        public String describe() {
            return "expect " + station + "'s fallback plan to ring " + String.join(", ", targets) + " for button "
                    + button;
        }
    }

    /**
     * Expects the station's latest outgoing call (a mesh call, from its call log) in the cloud's call history exactly
     * once, recorded as a mesh (offline) call with {@code status}, answered by station {@code answeredBy} when given,
     * and the station's offline outbox empty, within a time.
     */
    record ExpectOfflineCallRecord(String station, String status, Optional<String> answeredBy, Duration within)
            implements Step {
        public String describe() {
            return "expect the call history to show " + station + "'s mesh call once, "
                    + status.toLowerCase(java.util.Locale.ROOT) + answeredBy.map(a -> " by " + a).orElse("");
        }
    }
}
