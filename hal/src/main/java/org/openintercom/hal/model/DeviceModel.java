package org.openintercom.hal.model;

import java.util.List;
import org.openintercom.hal.audio.AudioFormat;

/**
 * One entry of the device-model catalogue: what a station model has (buttons, relays, inputs, outputs,
 * camera, display) and which codecs it supports. Ids are the short model names ("ID5", "ET 908H").
 */
public record DeviceModel(
        String id,
        String name,
        Family family,
        StationKind kind,
        List<Codec> codecs,
        boolean camera,
        boolean display,
        List<String> buttons,
        List<String> relays,
        List<InputSpec> inputs,
        List<String> outputs) {

    public DeviceModel {
        codecs = List.copyOf(codecs);
        buttons = List.copyOf(buttons);
        relays = List.copyOf(relays);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public boolean supports(Codec codec) {
        return codecs.contains(codec);
    }

    /** The audio format of the model's microphone and speaker: 48 kHz with Opus, else 16 kHz. */
    public AudioFormat audioFormat() {
        return supports(Codec.OPUS) ? AudioFormat.FULLBAND : AudioFormat.WIDEBAND;
    }
}
