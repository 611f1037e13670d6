package org.openintercom.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openintercom.agent.mesh.MeshSettings;
import org.openintercom.agent.sip.DtmfMode;
import org.openintercom.agent.sip.Registration;
import org.openintercom.hal.io.RelayMode;
import org.openintercom.hal.model.DeviceModels;
import org.openintercom.hal.model.UnknownDeviceModelException;

/**
 * Reads the station's YAML config file (documented in docs/configuration.md) into a validated
 * {@link StationConfig}. Every error is a {@link ConfigException} naming the key and the bad value; unknown keys
 * are errors too, so a typo never goes unnoticed. Relative paths are resolved against the file's folder.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    public static StationConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("", "cannot read config file " + file + ": " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, base);
    }

    /** Parses YAML text; relative paths in it are resolved against {@code base}. */
    public static StationConfig parse(String yaml, Path base) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException("", "the file is not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException("station", "is required (the file is empty)");
        }
        ConfigNode top = new ConfigNode("", root);
        top.rejectUnknown("station", "sip", "media", "calls", "buttons", "door", "outputs", "hardware", "audio",
                "cloud", "mesh");

        ConfigNode station = top.child("station");
        station.rejectUnknown("id", "name", "model", "data-dir");
        String id = station.requiredString("id");
        String modelId = station.requiredString("model");
        StationConfig.Builder b;
        try {
            b = new StationConfig.Builder(id, DeviceModels.byId(modelId));
        } catch (UnknownDeviceModelException e) {
            throw new ConfigException("station.model", e.getMessage());
        }
        b.name(station.string("name", id));
        Path dataDir = resolve(base, station.string("data-dir", "data/" + id));
        b.dataDir(dataDir);

        b.sip(sip(top.child("sip"), base, modelId, id));
        b.media(media(top.child("media")));
        b.calls(calls(top.child("calls")));
        buttons(top.child("buttons"), b);
        door(top.child("door"), b, base);
        outputs(top.child("outputs"), b);
        b.hardware(hardware(top.child("hardware")));
        ConfigNode audio = top.child("audio");
        audio.rejectUnknown("microphone", "speaker");
        b.audio(new AudioSettings(audio.string("microphone", "tone:440"), audio.string("speaker", "record")));
        ConfigNode cloud = top.child("cloud");
        if (cloud.present()) {
            b.cloud(cloud(cloud, base, dataDir));
        }
        ConfigNode mesh = top.child("mesh");
        if (mesh.present()) {
            if (!cloud.present()) {
                throw new ConfigException("mesh", "needs a cloud: section (the mesh uses the certificates and the"
                        + " fallback plan the cloud gives the station)");
            }
            b.mesh(mesh(mesh));
        }
        return b.build();
    }

    private static SipSettings sip(ConfigNode n, Path base, String modelId, String stationId) {
        n.rejectUnknown("bind-address", "udp-port", "tcp-port", "tls-port", "tls", "user-agent", "registrar");
        String bind = n.string("bind-address", "127.0.0.1");
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ConfigException(n.path().isEmpty() ? "bind-address" : n.path() + ".bind-address",
                    "'" + bind + "' is not an address of this machine");
        }
        Optional<Integer> udp = n.present() ? n.integer("udp-port") : Optional.of(5060);
        Optional<SipSettings.TlsSettings> tls = Optional.empty();
        ConfigNode t = n.child("tls");
        if (t.present()) {
            t.rejectUnknown("key-store", "key-store-password", "trust-store", "trust-store-password",
                    "require-client-certificate");
            tls = Optional.of(new SipSettings.TlsSettings(
                    resolve(base, t.requiredString("key-store")), t.string("key-store-password", ""),
                    resolve(base, t.requiredString("trust-store")), t.string("trust-store-password", ""),
                    t.bool("require-client-certificate", true)));
        }
        return new SipSettings(address, udp, n.integer("tcp-port"), n.integer("tls-port"), tls,
                n.string("user-agent", "OpenIntercom/" + modelId), registrar(n.child("registrar"), stationId));
    }

    /** {@code sip.registrar}: each value is checked on its own so that the error names its key. */
    private static Optional<Registration> registrar(ConfigNode n, String stationId) {
        if (!n.present()) {
            return Optional.empty();
        }
        n.rejectUnknown("uri", "user", "auth-user", "password", "expires");
        String uri = n.requiredString("uri").trim();
        ConfigValidator.validateSipUri(n.path() + ".uri", uri);
        Registration r = checked(n, "uri", () -> Registration.of(uri, stationId));
        Optional<String> user = n.string("user").map(String::trim);
        if (user.isPresent()) {
            r = checked(n, "user", () -> Registration.of(uri, user.get()));
        }
        Registration withUser = r;
        Duration expires = n.duration("expires", Registration.DEFAULT_EXPIRES);
        r = checked(n, "expires", () -> withUser.withExpires(expires));
        Optional<String> authUser = n.string("auth-user");
        Optional<String> password = n.string("password");
        if (authUser.isPresent() && password.isEmpty()) {
            throw new ConfigException(n.path() + ".password", "is required when auth-user is set");
        }
        if (password.isPresent()) {
            Registration withExpires = r;
            r = checked(n, password.get().isEmpty() ? "password" : "auth-user",
                    () -> withExpires.withCredentials(authUser.orElse(null), password.get()));
        }
        return Optional.of(r);
    }

    private static Registration checked(ConfigNode n, String key, java.util.function.Supplier<Registration> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(n.path() + "." + key, e.getMessage());
        }
    }

    private static CloudSettings cloud(ConfigNode n, Path base, Path dataDir) {
        n.rejectUnknown("device-api", "trust", "factory", "poll-interval", "reconnect-min", "reconnect-max",
                "firmware", "update", "mqtt-keepalive");
        String api = n.requiredString("device-api");
        URI uri;
        try {
            uri = new URI(api);
        } catch (URISyntaxException e) {
            throw new ConfigException(n.path() + ".device-api", "'" + api + "' is not a URL: " + e.getReason());
        }
        CloudSettings d = CloudSettings.of(URI.create("https://localhost"), Path.of("."), Path.of("."));
        try {
            return new CloudSettings(uri, resolve(base, n.requiredString("trust")),
                    resolve(base, n.requiredString("factory")), n.duration("poll-interval", d.pollInterval()),
                    n.duration("reconnect-min", d.reconnectMin()), n.duration("reconnect-max", d.reconnectMax()),
                    n.string("firmware", d.firmware()), update(n.child("update"), base, dataDir),
                    n.duration("mqtt-keepalive", d.mqttKeepAlive()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(n.path(), e.getMessage());
        }
    }

    private static MeshSettings mesh(ConfigNode n) {
        n.rejectUnknown("enabled", "interfaces", "mdns-port", "probe-interval", "misses", "probe-timeout",
                "fail-after", "recover-after", "sip-port", "relay-answer-timeout");
        MeshSettings d = MeshSettings.builder().build();
        List<String> interfaces = n.strings("interfaces");
        try {
            return d.extend().enabled(n.bool("enabled", d.enabled()))
                    .interfaces(interfaces.isEmpty() ? d.interfaces() : interfaces)
                    .mdnsPort(n.integer("mdns-port", d.mdnsPort()))
                    .probeInterval(n.duration("probe-interval", d.probeInterval()))
                    .misses(n.integer("misses", d.misses()))
                    .probeTimeout(n.duration("probe-timeout", d.probeTimeout()))
                    .failAfter(n.duration("fail-after", d.failAfter()))
                    .recoverAfter(n.duration("recover-after", d.recoverAfter()))
                    .sipPort(n.integer("sip-port", d.sipPort()))
                    .relayAnswerTimeout(n.duration("relay-answer-timeout", d.relayAnswerTimeout())).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(n.path(), e.getMessage());
        }
    }

    private static Optional<UpdateSettings> update(ConfigNode n, Path base, Path dataDir) {
        if (!n.present()) {
            return Optional.empty();
        }
        n.rejectUnknown("slots", "downloads", "release-root", "health-deadline", "max-attempts", "retry-min",
                "retry-max", "max-chunk-refetches");
        UpdateSettings d = UpdateSettings.of(Path.of("."), Path.of("."), Path.of("."));
        try {
            return Optional.of(new UpdateSettings(
                    n.string("slots").map(s -> resolve(base, s)).orElse(dataDir.resolve("slots")),
                    n.string("downloads").map(s -> resolve(base, s)).orElse(dataDir.resolve("downloads")),
                    resolve(base, n.requiredString("release-root")),
                    n.duration("health-deadline", d.healthDeadline()), n.integer("max-attempts", d.maxAttempts()),
                    n.duration("retry-min", d.retryMin()), n.duration("retry-max", d.retryMax()),
                    n.integer("max-chunk-refetches", d.maxChunkRefetches())));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(n.path(), e.getMessage());
        }
    }

    private static MediaSettings media(ConfigNode n) {
        n.rejectUnknown("rtp-port-min", "rtp-port-max", "jitter-target", "jitter-max");
        MediaSettings d = MediaSettings.DEFAULTS;
        return new MediaSettings(n.integer("rtp-port-min", d.rtpPortMin()), n.integer("rtp-port-max", d.rtpPortMax()),
                n.duration("jitter-target", d.jitterTarget()), n.duration("jitter-max", d.jitterMax()));
    }

    private static CallSettings calls(ConfigNode n) {
        n.rejectUnknown("ring-timeout", "talk-limit", "talk-limit-warning", "extend-key", "auto-answer",
                "auto-answer-delay", "dtmf-mode", "media-timeout");
        CallSettings d = CallSettings.DEFAULTS;
        String extend = n.string("extend-key", String.valueOf(d.extendKey()));
        if (extend.length() != 1) {
            throw new ConfigException("calls.extend-key", "'" + extend + "' must be a single DTMF digit");
        }
        String mode = n.string("dtmf-mode", "rfc4733").trim().toLowerCase(Locale.ROOT);
        DtmfMode dtmf = switch (mode) {
            case "rfc4733", "rfc2833" -> DtmfMode.RFC4733;
            case "sip-info", "info" -> DtmfMode.SIP_INFO;
            default -> throw new ConfigException("calls.dtmf-mode", "'" + mode + "' is not rfc4733 or sip-info");
        };
        return new CallSettings(n.duration("ring-timeout", d.ringTimeout()), n.duration("talk-limit", d.talkLimit()),
                n.duration("talk-limit-warning", d.talkLimitWarning()), extend.charAt(0),
                n.bool("auto-answer", d.autoAnswer()), n.duration("auto-answer-delay", d.autoAnswerDelay()), dtmf,
                n.duration("media-timeout", d.mediaTimeout()));
    }

    private static void buttons(ConfigNode n, StationConfig.Builder b) {
        for (String button : n.keys()) {
            ConfigNode bn = n.child(button);
            bn.rejectUnknown("call", "action", "send-dtmf");
            Optional<String> target = bn.string("call");
            Optional<String> digits = bn.string("send-dtmf");
            if (target.isPresent()) {
                b.button(button, ButtonAction.call(target.get().trim()));
            } else if (digits.isPresent()) {
                b.button(button, ButtonAction.sendDtmf(digits.get().trim()));
            } else {
                ButtonAction.Kind kind = bn.enumValue("action", ButtonAction.Kind.class, null);
                if (kind == null) {
                    throw new ConfigException(bn.path(), "needs 'call: <sip uri>', 'send-dtmf: <digits>' or 'action: answer|hangup|open-door'");
                }
                if (kind == ButtonAction.Kind.CALL || kind == ButtonAction.Kind.SEND_DTMF) {
                    throw new ConfigException(bn.path() + ".action", "'" + bn.string("action", "")
                            + "' needs a value: write 'call: <sip uri>' or 'send-dtmf: <digits>'");
                }
                b.button(button, ButtonAction.of(kind));
            }
        }
    }

    private static void door(ConfigNode n, StationConfig.Builder b, Path base) {
        n.rejectUnknown("relay", "mode", "pulse", "dtmf-code", "open-too-long");
        DoorSettings d = b.door();
        b.door(new DoorSettings(n.string("relay", d.relay()), n.enumValue("mode", RelayMode.class, d.mode()),
                n.duration("pulse", d.pulse()), n.string("dtmf-code").map(String::trim),
                n.duration("open-too-long", d.openTooLong())));
    }

    private static void outputs(ConfigNode n, StationConfig.Builder b) {
        for (String output : n.keys()) {
            ConfigNode on = n.child(output);
            on.rejectUnknown("on");
            Set<StationCondition> when = EnumSet.noneOf(StationCondition.class);
            for (String c : on.strings("on")) {
                try {
                    when.add(StationCondition.parse(c));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(on.path() + ".on", e.getMessage());
                }
            }
            if (when.isEmpty()) {
                throw new ConfigException(on.path() + ".on", "is required: the conditions that switch the output on");
            }
            b.output(output, when);
        }
    }

    private static HardwareSettings hardware(ConfigNode n) {
        n.rejectUnknown("backend", "pins", "active-low", "debounce", "long-press");
        HardwareSettings.Backend backend = n.enumValue("backend", HardwareSettings.Backend.class,
                HardwareSettings.Backend.EMULATED);
        Map<String, Integer> pins = new LinkedHashMap<>();
        ConfigNode p = n.child("pins");
        for (String id : p.keys()) {
            int pin = p.integer(id).orElseThrow(() -> new ConfigException(p.path() + "." + id, "needs a BCM pin"));
            if (pin < 0 || pin > 27) {
                throw new ConfigException(p.path() + "." + id, "'" + pin + "' is not a BCM GPIO pin (0-27)");
            }
            pins.put(id, pin);
        }
        if (backend == HardwareSettings.Backend.PI4J && pins.isEmpty()) {
            throw new ConfigException("hardware.pins", "is required with backend pi4j (component id: BCM pin)");
        }
        Duration debounce = n.duration("debounce", Duration.ofMillis(30));
        Duration longPress = n.duration("long-press", Duration.ofSeconds(2));
        return new HardwareSettings(backend, pins, new LinkedHashSet<>(n.strings("active-low")), debounce, longPress);
    }

    private static Path resolve(Path base, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
    }
}
