package org.openintercom.agent.cloud;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.openintercom.agent.config.ButtonAction;
import org.openintercom.agent.config.DoorSettings;
import org.openintercom.agent.config.StationCondition;
import org.openintercom.agent.config.StationConfig;
import org.openintercom.provisioning.channel.DeviceConfiguration;

/**
 * Lays the cloud-managed configuration over the station's own file: a name, button, door setting or output the
 * cloud names replaces the file's; everything else stays as the file says.
 */
final class ManagedConfig {

    private ManagedConfig() {
    }

    /**
     * The station configuration with {@code managed} laid over {@code base}.
     *
     * @throws IllegalArgumentException (or the config's own exception) naming what does not fit this station
     */
    static StationConfig overlay(StationConfig base, DeviceConfiguration managed) {
        return overlay(base, managed, Optional.empty());
    }

    /**
     * The same, with the cloud's call relay ({@code sip:host:port;transport=tls}) that {@code ring} buttons dial
     * through.
     *
     * @throws IllegalArgumentException naming the button when it rings a relay name and no relay is known
     */
    static StationConfig overlay(StationConfig base, DeviceConfiguration managed, Optional<String> relay) {
        StationConfig.Builder b = base.toBuilder();
        managed.name().ifPresent(b::name);
        managed.buttons().forEach((id, button) -> b.button(id, action(id, button, relay)));
        managed.door().ifPresent(door -> {
            DoorSettings d = base.door();
            Duration pulse = door.pulseDuration().orElse(d.pulse());
            b.door(new DoorSettings(d.relay(), d.mode(), pulse,
                    door.dtmfCode().isPresent() ? door.dtmfCode() : d.dtmfCode(), d.openTooLong()));
        });
        managed.outputs().forEach((id, output) -> b.output(id, conditions(output)));
        return b.build();
    }

    private static ButtonAction action(String id, DeviceConfiguration.Button button, Optional<String> relay) {
        if (button.call().isPresent()) {
            return ButtonAction.call(button.call().get());
        }
        if (button.ring().isPresent()) {
            String name = button.ring().get();
            return ButtonAction.call(relayTarget(name, relay.orElseThrow(() -> new IllegalArgumentException("button '"
                    + id + "' rings '" + name + "' on the cloud's call relay, but this station knows no relay (the"
                    + " cloud named none when it enrolled the station)"))));
        }
        if (button.sendDtmf().isPresent()) {
            return ButtonAction.sendDtmf(button.sendDtmf().get());
        }
        return ButtonAction.of(switch (button.action().orElseThrow()) {
            case "answer" -> ButtonAction.Kind.ANSWER;
            case "hangup" -> ButtonAction.Kind.HANGUP;
            case "open-door" -> ButtonAction.Kind.OPEN_DOOR;
            default -> throw new IllegalArgumentException("unknown button action " + button.action().get());
        });
    }

    /** {@code sip:NAME@host:port;params} from the relay's {@code sip:host:port;params}. */
    static String relayTarget(String name, String relay) {
        int colon = relay.indexOf(':');
        return relay.substring(0, colon + 1) + name + "@" + relay.substring(colon + 1);
    }

    private static Set<StationCondition> conditions(DeviceConfiguration.Output output) {
        Set<StationCondition> set = EnumSet.noneOf(StationCondition.class);
        for (String state : output.on()) {
            set.add(StationCondition.parse(state));
        }
        return set;
    }
}
