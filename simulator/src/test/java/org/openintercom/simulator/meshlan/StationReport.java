package org.openintercom.simulator.meshlan;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.openintercom.agent.StationAgent;
import org.openintercom.agent.call.CallStatus;
import org.openintercom.agent.cloud.CloudConnector;
import org.openintercom.hal.audio.RecordingSink;
import org.openintercom.hal.audio.ToneAnalysis;
import org.openintercom.hal.emulated.EmulatedStationHardware;
import org.openintercom.provisioning.channel.FallbackPlan;

/**
 * What a station of the LAN test shows about itself, one line of {@code key=value} words (values without spaces): its
 * cloud link, where its calls go, its mesh peers, its live call, what it hears, its door relay and its offline outbox.
 * The station renders it ({@link #of}), the test reads it ({@link #parse}).
 */
record StationReport(Map<String, String> values) {

    /** The report of a running station. */
    static String of(StationAgent agent, CloudConnector cloud, EmulatedStationHardware hardware) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("device", cloud.deviceId().toString());
        v.put("cloud", cloud.state().toString());
        v.put("channel", String.valueOf(cloud.channelUp()));
        v.put("applied", String.valueOf(cloud.sync().appliedVersion()));
        v.put("sipUser", agent.sipIdentityUser().orElse("-"));
        v.put("registration", agent.registration().state().toString());
        v.put("mode", agent.linkMode().toString());
        v.put("peers", String.join(",", agent.meshPeers().usable().keySet()));
        agent.meshPeers().byDeviceId().forEach((id, p) -> v.put("peer." + id, String.valueOf(p.address())));
        v.put("plan", cloud.sync().fallbackPlan().targetsFor("call").stream().map(FallbackPlan.Target::deviceId)
                .collect(Collectors.joining(",")));
        Optional<CallStatus> call = agent.currentCall();
        v.put("call", call.map(c -> c.state().toString()).orElse("-"));
        call.ifPresent(c -> {
            v.put("callId", c.callId());
            v.put("direction", c.direction().toString());
            v.put("remote", c.remote());
        });
        hardware.recordingSpeaker().ifPresent(s -> v.put("heard", String.valueOf(Math.round(heardHz(s)))));
        if (hardware.relays().containsKey("door")) {
            v.put("opens", String.valueOf(hardware.emulatedRelay("door").openCount()));
        }
        v.put("outbox", String.valueOf(cloud.offlineCalls().pending().size()));
        v.put("outboxIds", cloud.offlineCalls().pending().stream().map(r -> r.callId())
                .collect(Collectors.joining(",")));
        v.put("lastCall", agent.callLog().records().isEmpty() ? "-"
                : last(agent.callLog().records()).callId() + "," + last(agent.callLog().records()).outcome()
                        .map(Object::toString).orElse("-"));
        return v.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().replace(' ', '_'))
                .collect(Collectors.joining(" "));
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    private static double heardHz(RecordingSink sink) {
        return ToneAnalysis.dominantFrequency(sink.lastSamples(Duration.ofMillis(500)), sink.format().sampleRate());
    }

    /** Reads the words after {@code status TOKEN}. */
    static StationReport parse(String words) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String word : words.strip().split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                v.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return new StationReport(v);
    }

    String get(String key) {
        return values.getOrDefault(key, "");
    }

    List<String> list(String key) {
        String s = get(key);
        return s.isEmpty() ? List.of() : List.of(s.split(","));
    }

    int number(String key) {
        String s = get(key);
        return s.isEmpty() ? -1 : Integer.parseInt(s);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
