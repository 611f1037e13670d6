package org.openintercom.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Checks a {@link StationConfig} against its device model and the rules values must follow. */
final class ConfigValidator {

    private static final String DTMF_DIGITS = "0123456789*#ABCD";

    private ConfigValidator() {
    }

    static void validate(StationConfig c) {
        if (!c.id().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new ConfigException("station.id", "'" + c.id()
                    + "' is not a valid station id (letters, digits, '.', '_', '-'; it is the SIP user part)");
        }
        for (Map.Entry<String, ButtonAction> e : c.buttons().entrySet()) {
            String key = "buttons." + e.getKey();
            if (!c.model().buttons().contains(e.getKey())) {
                throw new ConfigException(key, "model " + c.model().id() + " has no button '" + e.getKey()
                        + "'; it has " + c.model().buttons());
            }
            if (e.getValue().kind() == ButtonAction.Kind.CALL) {
                validateSipUri(key + ".call", e.getValue().argument().orElse(""));
            }
            if (e.getValue().kind() == ButtonAction.Kind.SEND_DTMF) {
                validateDtmf(key + ".send-dtmf", e.getValue().argument().orElse(""));
            }
        }
        DoorSettings door = c.door();
        if (!door.relay().isEmpty() && !c.model().relays().contains(door.relay())) {
            throw new ConfigException("door.relay", "model " + c.model().id() + " has no relay '" + door.relay()
                    + "'; it has " + c.model().relays());
        }
        requirePositive("door.pulse", door.pulse());
        requirePositive("door.open-too-long", door.openTooLong());
        door.dtmfCode().ifPresent(code -> validateDtmf("door.dtmf-code", code));
        for (String output : c.outputs().keySet()) {
            if (!c.model().outputs().contains(output)) {
                throw new ConfigException("outputs." + output, "model " + c.model().id() + " has no output '"
                        + output + "'; it has " + c.model().outputs());
            }
        }
        CallSettings calls = c.calls();
        requirePositive("calls.ring-timeout", calls.ringTimeout());
        requirePositive("calls.talk-limit", calls.talkLimit());
        if (calls.talkLimitWarning().isNegative() || calls.talkLimitWarning().compareTo(calls.talkLimit()) >= 0) {
            throw new ConfigException("calls.talk-limit-warning", "'" + Durations.format(calls.talkLimitWarning())
                    + "' must be at least 0 and shorter than calls.talk-limit (" + Durations.format(calls.talkLimit())
                    + ")");
        }
        if (calls.mediaTimeout().isNegative()) {
            throw new ConfigException("calls.media-timeout", "'" + Durations.format(calls.mediaTimeout())
                    + "' must be 0 (never) or longer");
        }
        if (DTMF_DIGITS.indexOf(Character.toUpperCase(calls.extendKey())) < 0) {
            throw new ConfigException("calls.extend-key", "'" + calls.extendKey() + "' is not a DTMF digit");
        }
        validatePort("sip.udp-port", c.sip().udpPort());
        validatePort("sip.tcp-port", c.sip().tcpPort());
        validatePort("sip.tls-port", c.sip().tlsPort());
        if (c.sip().tlsPort().isPresent() && c.sip().tls().isEmpty()) {
            throw new ConfigException("sip.tls", "is required when sip.tls-port is set (key store and trust store)");
        }
        if (c.sip().udpPort().isEmpty() && c.sip().tcpPort().isEmpty() && c.sip().tlsPort().isEmpty()) {
            throw new ConfigException("sip", "enables no transport: set at least one of udp-port, tcp-port, tls-port");
        }
        c.sip().registrar().ifPresent(r -> {
            Optional<Integer> port = switch (r.transport()) {
                case UDP -> c.sip().udpPort();
                case TCP -> c.sip().tcpPort();
                case TLS -> c.sip().tlsPort();
            };
            if (port.isEmpty()) {
                throw new ConfigException("sip.registrar.uri", "'" + r.registrar() + "' is reached over "
                        + r.transport() + ", but sip." + r.transport().uriParameter() + "-port is not set");
            }
        });
        MediaSettings m = c.media();
        if (m.rtpPortMin() < 1024 || m.rtpPortMax() > 65535 || m.rtpPortMin() >= m.rtpPortMax()) {
            throw new ConfigException("media.rtp-port-min", "range " + m.rtpPortMin() + "-" + m.rtpPortMax()
                    + " must lie within 1024-65535 with min < max");
        }
        c.audio().microphoneDevice();
        c.audio().speakerDevice();
        if (c.hardware().backend() == HardwareSettings.Backend.PI4J) {
            java.util.List<String> devices = new java.util.ArrayList<>();
            devices.addAll(c.model().buttons());
            devices.addAll(c.model().relays());
            c.model().inputs().forEach(i -> devices.add(i.id()));
            devices.addAll(c.model().outputs());
            for (String id : c.hardware().pins().keySet()) {
                if (!devices.contains(id)) {
                    throw new ConfigException("hardware.pins." + id, "model " + c.model().id()
                            + " has no button, relay, input or output '" + id + "'");
                }
            }
            java.util.List<String> missing = devices.stream().filter(id -> !c.hardware().pins().containsKey(id))
                    .toList();
            if (!missing.isEmpty()) {
                throw new ConfigException("hardware.pins", "model " + c.model().id() + " needs pins for " + missing);
            }
            for (String id : c.hardware().activeLow()) {
                if (!c.hardware().pins().containsKey(id)) {
                    throw new ConfigException("hardware.active-low", "'" + id + "' has no pin in hardware.pins");
                }
            }
        }
    }

    /** Accepts sip: and sips: URIs with a host; the error names what is wrong. */
    static void validateSipUri(String key, String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("sip:") && !lower.startsWith("sips:")) {
            throw new ConfigException(key, "'" + uri + "' is not a SIP URI (expected sip:user@host[:port] or sips:...)");
        }
        String rest = uri.substring(uri.indexOf(':') + 1);
        int params = rest.indexOf(';');
        String hostPart = params >= 0 ? rest.substring(0, params) : rest;
        if (hostPart.contains("@")) {
            hostPart = hostPart.substring(hostPart.indexOf('@') + 1);
        }
        try {
            URI parsed = new URI("sip://" + hostPart);
            if (parsed.getHost() == null || hostPart.isBlank()) {
                throw new URISyntaxException(hostPart, "no host");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "'" + uri + "' has no valid host[:port]");
        }
        if (params >= 0) {
            for (String p : rest.substring(params + 1).split(";")) {
                if (p.toLowerCase(Locale.ROOT).startsWith("transport=")) {
                    String t = p.substring("transport=".length()).toLowerCase(Locale.ROOT);
                    if (!t.equals("udp") && !t.equals("tcp") && !t.equals("tls")) {
                        throw new ConfigException(key, "'" + uri + "' has transport '" + t
                                + "'; use udp, tcp or tls");
                    }
                }
            }
        }
    }

    private static void validateDtmf(String key, String code) {
        if (code.isEmpty() || code.length() > 16
                || !code.chars().allMatch(ch -> DTMF_DIGITS.indexOf(Character.toUpperCase(ch)) >= 0)) {
            throw new ConfigException(key, "'" + code + "' is not a DTMF code (1 to 16 of 0-9 * # A-D)");
        }
    }

    private static void validatePort(String key, Optional<Integer> port) {
        port.ifPresent(p -> {
            if (p < 0 || p > 65535) {
                throw new ConfigException(key, "'" + p + "' is not a port (0-65535; 0 = any free port)");
            }
        });
    }

    private static void requirePositive(String key, java.time.Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(key, "'" + Durations.format(d) + "' must be longer than 0");
        }
    }
}
