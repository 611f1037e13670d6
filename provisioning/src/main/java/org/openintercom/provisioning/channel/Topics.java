package org.openintercom.provisioning.channel;

import java.util.Optional;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * The MQTT topic tree of the device channel: everything about device {@code D} lives under
 * {@code oi/v1/dev/D/}, and a device may use only its own subtree (see docs/mqtt.md).
 *
 * <pre>
 * oi/v1/dev/{id}/desired   cloud → device  retained  desired configuration with its version
 * oi/v1/dev/{id}/cmd       cloud → device            commands (open door, reboot, rename, snapshot)
 * oi/v1/dev/{id}/reported  device → cloud  retained  the configuration the device applied
 * oi/v1/dev/{id}/status    device → cloud  retained  online / offline (the last will)
 * oi/v1/dev/{id}/events    device → cloud            call started/ended, door opened, tamper, ...
 * oi/v1/dev/{id}/ack       device → cloud            command acknowledgements
 * oi/v1/dev/{id}/firmware  cloud → device  retained  the firmware to run (a rollout's assignment)
 * oi/v1/dev/{id}/update    device → cloud  retained  progress of that update
 * </pre>
 */
public final class Topics {

    /** Root of every device subtree. */
    public static final String ROOT = "oi/v1/dev/";

    /** The leaves a device subscribes to (it may not publish on them). */
    public enum Leaf {
        DESIRED("desired", Direction.TO_DEVICE),
        COMMAND("cmd", Direction.TO_DEVICE),
        REPORTED("reported", Direction.FROM_DEVICE),
        STATUS("status", Direction.FROM_DEVICE),
        EVENTS("events", Direction.FROM_DEVICE),
        ACK("ack", Direction.FROM_DEVICE),
        FIRMWARE("firmware", Direction.TO_DEVICE),
        UPDATE("update", Direction.FROM_DEVICE);

        private final String name;
        private final Direction direction;

        Leaf(String name, Direction direction) {
            this.name = name;
            this.direction = direction;
        }

        /** The last topic level. */
        public String topicName() {
            return name;
        }

        public Direction direction() {
            return direction;
        }

        static Optional<Leaf> of(String name) {
            for (Leaf l : values()) {
                if (l.name.equals(name)) {
                    return Optional.of(l);
                }
            }
            return Optional.empty();
        }
    }

    /** Who publishes on a leaf. */
    public enum Direction {
        /** The cloud publishes, the device subscribes. */
        TO_DEVICE,
        /** The device publishes, the cloud subscribes. */
        FROM_DEVICE
    }

    /** A parsed device topic. */
    public record DeviceTopic(DeviceId deviceId, Leaf leaf) {
    }

    private Topics() {
    }

    /** The topic of {@code leaf} for device {@code id}. */
    public static String of(DeviceId id, Leaf leaf) {
        return ROOT + id.value() + "/" + leaf.topicName();
    }

    /** The filter the cloud subscribes with to hear {@code leaf} of every device. */
    public static String allDevices(Leaf leaf) {
        return ROOT + "+/" + leaf.topicName();
    }

    /** Reads a concrete topic (no wildcards); empty when it is not a device-channel topic. */
    public static Optional<DeviceTopic> parse(String topic) {
        if (topic == null || !topic.startsWith(ROOT)) {
            return Optional.empty();
        }
        String rest = topic.substring(ROOT.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        String id = rest.substring(0, slash);
        if (!DeviceId.isValid(id)) {
            return Optional.empty();
        }
        return Leaf.of(rest.substring(slash + 1)).map(leaf -> new DeviceTopic(new DeviceId(id), leaf));
    }

    /**
     * Whether device {@code id} may publish on {@code topic}: only on its own device → cloud leaves,
     * never with wildcards.
     */
    public static boolean deviceMayPublish(DeviceId id, String topic) {
        return parse(topic).filter(t -> t.deviceId().equals(id) && t.leaf().direction() == Direction.FROM_DEVICE)
                .isPresent();
    }

    /**
     * Whether device {@code id} may subscribe with {@code filter}: only to its own cloud → device leaves,
     * written out (a filter with {@code +} or {@code #} is refused).
     */
    public static boolean deviceMaySubscribe(DeviceId id, String filter) {
        return parse(filter).filter(t -> t.deviceId().equals(id) && t.leaf().direction() == Direction.TO_DEVICE)
                .isPresent();
    }
}
