package org.openintercom.agent.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openintercom.agent.mesh.MeshSettings;
import org.openintercom.hal.io.RelayMode;
import org.openintercom.hal.model.DeviceModel;
import org.openintercom.hal.model.DeviceModels;

/**
 * The whole, validated configuration of one station. Read from a YAML file by {@link ConfigLoader} or built in
 * code with {@link #builder(String, String)}; immutable, {@link #toBuilder()} gives a modified copy.
 */
public record StationConfig(
        String id,
        String name,
        DeviceModel model,
        Path dataDir,
        SipSettings sip,
        MediaSettings media,
        CallSettings calls,
        Map<String, ButtonAction> buttons,
        DoorSettings door,
        Map<String, Set<StationCondition>> outputs,
        HardwareSettings hardware,
        AudioSettings audio,
        Optional<CloudSettings> cloud,
        Optional<MeshSettings> mesh) {

    public StationConfig {
        buttons = Map.copyOf(buttons);
        outputs = Map.copyOf(outputs);
    }

    /** A builder for a station of the given model with sensible defaults for everything else. */
    public static Builder builder(String id, String modelId) {
        return new Builder(id, DeviceModels.byId(modelId));
    }

    public Builder toBuilder() {
        Builder b = new Builder(id, model);
        b.name = name;
        b.dataDir = dataDir;
        b.sip = sip;
        b.media = media;
        b.calls = calls;
        b.buttons.putAll(buttons);
        b.door = door;
        b.outputs.putAll(outputs);
        b.hardware = hardware;
        b.audio = audio;
        b.cloud = cloud;
        b.mesh = mesh;
        return b;
    }

    /** Builds {@link StationConfig}s; defaults follow the documented config file. */
    public static final class Builder {
        private final String id;
        private final DeviceModel model;
        private String name;
        private Path dataDir;
        private SipSettings sip;
        private MediaSettings media = MediaSettings.DEFAULTS;
        private CallSettings calls = CallSettings.DEFAULTS;
        private final Map<String, ButtonAction> buttons = new LinkedHashMap<>();
        private DoorSettings door;
        private final Map<String, Set<StationCondition>> outputs = new LinkedHashMap<>();
        private HardwareSettings hardware = new HardwareSettings(
                HardwareSettings.Backend.EMULATED, Map.of(), Set.of(), Duration.ofMillis(30), Duration.ofSeconds(2));
        private AudioSettings audio = new AudioSettings("tone:440", "record");
        private Optional<CloudSettings> cloud = Optional.empty();
        private Optional<MeshSettings> mesh = Optional.empty();

        Builder(String id, DeviceModel model) {
            this.id = Objects.requireNonNull(id, "id");
            this.model = model;
            this.name = id;
            this.dataDir = Path.of("run", id);
            this.sip = new SipSettings(InetAddress.getLoopbackAddress(), Optional.of(0), Optional.empty(),
                    Optional.empty(), Optional.empty(), "OpenIntercom/" + model.id());
            String relay = model.relays().isEmpty() ? "" : model.relays().get(0);
            this.door = new DoorSettings(relay, RelayMode.PULSE, Duration.ofSeconds(3), Optional.empty(),
                    Duration.ofSeconds(60));
            for (String button : model.buttons()) {
                if (button.startsWith("answer")) {
                    buttons.put(button, ButtonAction.of(ButtonAction.Kind.ANSWER));
                }
            }
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder sip(SipSettings sip) {
            this.sip = sip;
            return this;
        }

        public Builder media(MediaSettings media) {
            this.media = media;
            return this;
        }

        public Builder calls(CallSettings calls) {
            this.calls = calls;
            return this;
        }

        public Builder button(String buttonId, ButtonAction action) {
            buttons.put(buttonId, action);
            return this;
        }

        public Builder buttons(Map<String, ButtonAction> actions) {
            buttons.putAll(actions);
            return this;
        }

        public Builder clearButtons() {
            buttons.clear();
            return this;
        }

        public Builder outputs(Map<String, Set<StationCondition>> rules) {
            rules.forEach(this::output);
            return this;
        }

        public Builder clearOutputs() {
            outputs.clear();
            return this;
        }

        DoorSettings door() {
            return door;
        }

        public Builder door(DoorSettings door) {
            this.door = door;
            return this;
        }

        public Builder output(String outputId, Set<StationCondition> when) {
            outputs.put(outputId, Set.copyOf(when));
            return this;
        }

        public Builder hardware(HardwareSettings hardware) {
            this.hardware = hardware;
            return this;
        }

        public Builder audio(AudioSettings audio) {
            this.audio = audio;
            return this;
        }

        /** Manage this station from the cloud (claiming, configuration, commands). */
        public Builder cloud(CloudSettings cloud) {
            this.cloud = Optional.of(cloud);
            return this;
        }

        /**
         * Call the other stations of the LAN directly while the cloud is unreachable (needs {@link #cloud}: the
         * certificates and the fallback plan come from it).
         */
        public Builder mesh(MeshSettings mesh) {
            this.mesh = Optional.of(mesh);
            return this;
        }

        /** Checks cross-references (buttons, relay and outputs exist on the model) and builds. */
        public StationConfig build() {
            StationConfig config = new StationConfig(id, name, model, dataDir, sip, media, calls, buttons, door,
                    outputs, hardware, audio, cloud, mesh);
            ConfigValidator.validate(config);
            return config;
        }
    }

    /** Ids of the model's buttons that have no action configured. */
    public List<String> unassignedButtons() {
        return model.buttons().stream().filter(b -> !buttons.containsKey(b)).toList();
    }
}
