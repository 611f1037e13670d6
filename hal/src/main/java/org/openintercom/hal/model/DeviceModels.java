package org.openintercom.hal.model;

import static org.openintercom.hal.io.InputRole.DOOR_CONTACT;
import static org.openintercom.hal.io.InputRole.GENERIC;
import static org.openintercom.hal.io.InputRole.REQUEST_TO_EXIT;
import static org.openintercom.hal.io.InputRole.TAMPER;
import static org.openintercom.hal.model.Family.SYMPHONY_BF;
import static org.openintercom.hal.model.Family.SYMPHONY_MX;
import static org.openintercom.hal.model.StationKind.DOOR_STATION;
import static org.openintercom.hal.model.StationKind.INDOOR_STATION;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalogue of station models we emulate and support, after Commend's Symphony MX and BF lines. Per model:
 * its buttons, relays, inputs (with what they are wired to), outputs, camera and display, and codecs (MX: Opus,
 * G.722, G.711; BF: G.722, G.711). Button, relay, input and output ids are what config files and pin maps use.
 * Where the public data sheets do not say (number of inputs, LED outputs), the values are our reasonable
 * choice for the emulation, not a claim about the real product.
 */
public final class DeviceModels {

    private static final List<Codec> MX_CODECS = List.of(Codec.OPUS, Codec.G722, Codec.G711);
    private static final List<Codec> BF_CODECS = List.of(Codec.G722, Codec.G711);
    private static final List<InputSpec> DOOR_INPUTS = List.of(new InputSpec("door-contact", DOOR_CONTACT),
            new InputSpec("tamper", TAMPER), new InputSpec("rex", REQUEST_TO_EXIT));
    private static final List<String> DOOR_OUTPUTS = List.of("led-calling", "led-connected", "out1");

    private static final Map<String, DeviceModel> MODELS = new LinkedHashMap<>();

    static {
        // Symphony MX: IP stations, full-band audio.
        add(new DeviceModel("ID5", "Symphony MX ID5 door station (1 button, camera)", SYMPHONY_MX, DOOR_STATION,
                MX_CODECS, true, false, List.of("call"), List.of("door"), DOOR_INPUTS, DOOR_OUTPUTS));
        add(new DeviceModel("ID8", "Symphony MX ID8 door station (display, camera, 4 name buttons)", SYMPHONY_MX,
                DOOR_STATION, MX_CODECS, true, true, List.of("call1", "call2", "call3", "call4"),
                List.of("door", "aux"), DOOR_INPUTS, DOOR_OUTPUTS));
        add(new DeviceModel("OD1", "Symphony MX OD1 outdoor station (1 button, vandal-resistant)", SYMPHONY_MX,
                DOOR_STATION, MX_CODECS, false, false, List.of("call"), List.of("door"),
                List.of(new InputSpec("door-contact", DOOR_CONTACT), new InputSpec("tamper", TAMPER)),
                List.of("led-calling", "led-connected")));
        add(new DeviceModel("OD5", "Symphony MX OD5 outdoor station (2 buttons, camera)", SYMPHONY_MX, DOOR_STATION,
                MX_CODECS, true, false, List.of("call1", "call2"), List.of("door"), DOOR_INPUTS, DOOR_OUTPUTS));
        add(new DeviceModel("IM3", "Symphony MX IM3 indoor station (hands-free, no display)", SYMPHONY_MX,
                INDOOR_STATION, MX_CODECS, false, false, List.of("answer", "door-key"), List.of(),
                List.of(new InputSpec("bell", GENERIC)), List.of("ring-led")));
        add(new DeviceModel("IM6", "Symphony MX IM6 indoor monitor (display, camera)", SYMPHONY_MX, INDOOR_STATION,
                MX_CODECS, true, true, List.of("answer", "door-key", "call-guard"), List.of(),
                List.of(new InputSpec("bell", GENERIC)), List.of("ring-led", "busy-led")));
        add(new DeviceModel("WS 301V", "Symphony MX WS 301V desk/wall video station (guard desk)", SYMPHONY_MX,
                INDOOR_STATION, MX_CODECS, true, true, List.of("answer", "door-key", "call"), List.of("aux"),
                List.of(new InputSpec("in1", GENERIC)), List.of("ring-led", "busy-led")));
        // Symphony BF: compact stations, wide-band audio.
        add(new DeviceModel("ET 908H", "Symphony BF ET 908H door station (1 button, surface mount)", SYMPHONY_BF,
                DOOR_STATION, BF_CODECS, false, false, List.of("call"), List.of("door"),
                List.of(new InputSpec("door-contact", DOOR_CONTACT), new InputSpec("tamper", TAMPER)),
                List.of("led-calling")));
        add(new DeviceModel("ET 962H", "Symphony BF ET 962H door station (2 buttons, surface mount)", SYMPHONY_BF,
                DOOR_STATION, BF_CODECS, false, false, List.of("call1", "call2"), List.of("door"), DOOR_INPUTS,
                List.of("led-calling", "led-connected")));
        add(new DeviceModel("EF 962H", "Symphony BF EF 962H door station (2 buttons, flush mount)", SYMPHONY_BF,
                DOOR_STATION, BF_CODECS, false, false, List.of("call1", "call2"), List.of("door"), DOOR_INPUTS,
                List.of("led-calling", "led-connected")));
    }

    private DeviceModels() {
    }

    private static void add(DeviceModel model) {
        MODELS.put(key(model.id()), model);
    }

    private static String key(String id) {
        return id.replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
    }

    /** Every model, MX first. */
    public static List<DeviceModel> all() {
        return List.copyOf(MODELS.values());
    }

    /** Finds a model by id, ignoring case, spaces and dashes ("et908h" finds "ET 908H"). */
    public static DeviceModel byId(String id) {
        DeviceModel model = id == null ? null : MODELS.get(key(id));
        if (model == null) {
            throw new UnknownDeviceModelException(id, MODELS.values().stream().map(DeviceModel::id).toList());
        }
        return model;
    }
}
