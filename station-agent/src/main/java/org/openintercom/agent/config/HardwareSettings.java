package org.openintercom.agent.config;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Which hardware back end drives the station ({@code emulated} or {@code pi4j}), the Pi's pin map (component
 * id → BCM pin), which pins are active-low, and input debounce / long-press times.
 */
public record HardwareSettings(
        Backend backend, Map<String, Integer> pins, Set<String> activeLow, Duration debounce, Duration longPress) {

    public enum Backend { EMULATED, PI4J }

    public HardwareSettings {
        pins = Map.copyOf(pins);
        activeLow = Set.copyOf(activeLow);
    }
}
