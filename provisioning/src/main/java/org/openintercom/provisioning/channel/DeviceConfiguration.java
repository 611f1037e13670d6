package org.openintercom.provisioning.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The part of a station's configuration the cloud manages: its name, what each button does, the door
 * opener's pulse and DTMF code, and when each output is on. Same keys as the station's YAML file.
 */
public record DeviceConfiguration(
        Optional<String> name,
        Map<String, Button> buttons,
        Optional<Door> door,
        Map<String, Output> outputs) {

    /** Station states an output rule may name (the agent's conditions). */
    public static final Set<String> STATES = Set.of("calling", "ringing", "connected", "door-unlocked",
            "door-open", "tamper");
    /** Button actions besides calling and sending DTMF. */
    public static final Set<String> ACTIONS = Set.of("answer", "hangup", "open-door");

    private static final Pattern DTMF = Pattern.compile("[0-9*#A-D]{1,32}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s|m)");
    /** A name on the call relay: a ring group, a SIP user or a station's device id. */
    public static final Pattern RING_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public DeviceConfiguration {
        name = name == null ? Optional.empty() : name;
        buttons = buttons == null ? Map.of() : Map.copyOf(buttons);
        door = door == null ? Optional.empty() : door;
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        name.ifPresent(n -> {
            if (n.isBlank() || n.length() > 64) {
                throw new IllegalArgumentException("name must have 1 to 64 characters");
            }
        });
        buttons.keySet().forEach(k -> requireKey("button", k));
        outputs.keySet().forEach(k -> requireKey("output", k));
    }

    /** An empty configuration: the cloud manages nothing yet. */
    public static DeviceConfiguration empty() {
        return new DeviceConfiguration(Optional.empty(), Map.of(), Optional.empty(), Map.of());
    }

    /**
     * What one button does: exactly one of {@code call} (a SIP URI dialled directly), {@code ring} (a ring group,
     * SIP user or station on the cloud's call relay, by name: the station dials it through the relay it was given
     * at enrollment), {@code action}, or {@code send-dtmf}.
     */
    public record Button(Optional<String> call, Optional<String> ring, Optional<String> action,
            @JsonProperty("send-dtmf") Optional<String> sendDtmf) {

        public Button {
            call = call == null ? Optional.empty() : call;
            ring = ring == null ? Optional.empty() : ring;
            action = action == null ? Optional.empty() : action;
            sendDtmf = sendDtmf == null ? Optional.empty() : sendDtmf;
            int set = (call.isPresent() ? 1 : 0) + (ring.isPresent() ? 1 : 0) + (action.isPresent() ? 1 : 0)
                    + (sendDtmf.isPresent() ? 1 : 0);
            if (set != 1) {
                throw new IllegalArgumentException(
                        "a button needs exactly one of 'call', 'ring', 'action' or 'send-dtmf'");
            }
            call.ifPresent(c -> {
                if (!c.startsWith("sip:") && !c.startsWith("sips:")) {
                    throw new IllegalArgumentException("call target '" + c + "' is not a sip: or sips: URI");
                }
            });
            ring.ifPresent(r -> {
                if (!RING_NAME.matcher(r).matches()) {
                    throw new IllegalArgumentException("ring target '" + r + "' is not a relay name (1-64 letters,"
                            + " digits, '-', '_' or '.')");
                }
            });
            action.ifPresent(a -> {
                if (!ACTIONS.contains(a)) {
                    throw new IllegalArgumentException("unknown action '" + a + "' (known: " + ACTIONS + ")");
                }
            });
            sendDtmf.ifPresent(d -> requireDtmf("send-dtmf", d));
        }

        public static Button call(String uri) {
            return new Button(Optional.of(uri), Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** Rings a group, SIP user or station on the cloud's call relay. */
        public static Button ring(String name) {
            return new Button(Optional.empty(), Optional.of(name), Optional.empty(), Optional.empty());
        }

        public static Button action(String action) {
            return new Button(Optional.empty(), Optional.empty(), Optional.of(action), Optional.empty());
        }

        public static Button sendDtmf(String digits) {
            return new Button(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(digits));
        }
    }

    /** The door opener: pulse time ("2s", "500ms") and the DTMF code that opens it during a call. */
    public record Door(Optional<String> pulse, @JsonProperty("dtmf-code") Optional<String> dtmfCode) {

        public Door {
            pulse = pulse == null ? Optional.empty() : pulse;
            dtmfCode = dtmfCode == null ? Optional.empty() : dtmfCode;
            pulse.ifPresent(p -> {
                Duration d = parseDuration(p);
                if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofSeconds(60)) > 0) {
                    throw new IllegalArgumentException("pulse " + p + " is outside 100ms..60s");
                }
            });
            dtmfCode.ifPresent(d -> requireDtmf("dtmf-code", d));
        }

        /** The pulse as a duration, if set. */
        public Optional<Duration> pulseDuration() {
            return pulse.map(DeviceConfiguration::parseDuration);
        }
    }

    /** An output rule: the output is on while the station is in any of these states. */
    public record Output(List<String> on) {

        public Output {
            Objects.requireNonNull(on, "'on' is required");
            on = List.copyOf(on);
            for (String s : on) {
                if (!STATES.contains(s)) {
                    throw new IllegalArgumentException("unknown state '" + s + "' (known: " + STATES + ")");
                }
            }
        }
    }

    static Duration parseDuration(String text) {
        var m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 2s, 500ms or 1m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    private static void requireDtmf(String field, String digits) {
        if (!DTMF.matcher(digits).matches()) {
            throw new IllegalArgumentException(field + " '" + digits + "' must be 1 to 32 of 0-9 * # A-D");
        }
    }

    static void requireKey(String what, String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(what + " name '" + key + "' must be lower case letters, digits, '-'");
        }
    }
}
