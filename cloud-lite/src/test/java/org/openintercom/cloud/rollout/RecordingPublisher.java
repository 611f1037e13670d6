package org.openintercom.cloud.rollout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openintercom.provisioning.channel.FirmwareAssignment;
import org.openintercom.provisioning.claim.DeviceId;

/** Records what would be retained on each device's firmware leaf, and every publication in order. */
public final class RecordingPublisher implements FirmwarePublisher {

    /** The retained assignment per device; a withdrawn one maps to empty. */
    final Map<DeviceId, Optional<FirmwareAssignment>> retained = new LinkedHashMap<>();
    final List<String> log = new ArrayList<>();

    @Override
    public synchronized void assign(DeviceId device, FirmwareAssignment assignment) {
        retained.put(device, Optional.of(assignment));
        log.add("assign " + device + " " + assignment.id());
    }

    @Override
    public synchronized void withdraw(DeviceId device) {
        retained.put(device, Optional.empty());
        log.add("withdraw " + device);
    }

    /** The assignment a device would find now. */
    public synchronized Optional<FirmwareAssignment> of(DeviceId device) {
        return retained.getOrDefault(device, Optional.empty());
    }

    /** The devices that hold an assignment with {@code id}. */
    public synchronized List<DeviceId> holding(String id) {
        return retained.entrySet().stream().filter(e -> e.getValue().filter(a -> a.id().equals(id)).isPresent())
                .map(Map.Entry::getKey).toList();
    }
}
