package org.openintercom.hal.javasound;

import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import org.openintercom.hal.HardwareException;
import org.openintercom.hal.audio.AudioFormat;

/** Finds Java Sound lines (ALSA devices appear as mixers) by mixer name, with errors that list what exists. */
final class Mixers {

    private Mixers() {
    }

    static javax.sound.sampled.AudioFormat pcm(AudioFormat format) {
        return new javax.sound.sampled.AudioFormat(format.sampleRate(), 16, 1, true, false);
    }

    /** Opens a line of {@code type} on the first mixer whose name contains {@code mixerName} (empty: default). */
    static <T extends Line> T open(Class<T> type, AudioFormat format, String mixerName) {
        DataLine.Info info = new DataLine.Info(type, pcm(format));
        try {
            if (mixerName == null || mixerName.isBlank()) {
                if (!AudioSystem.isLineSupported(info)) {
                    throw new HardwareException("no sound device supports " + describe(type, format)
                            + "; mixers here: " + names(type, format));
                }
                return type.cast(AudioSystem.getLine(info));
            }
            for (Mixer.Info mi : AudioSystem.getMixerInfo()) {
                Mixer mixer = AudioSystem.getMixer(mi);
                if (mi.getName().contains(mixerName) && mixer.isLineSupported(info)) {
                    return type.cast(mixer.getLine(info));
                }
            }
            throw new HardwareException("no sound device named '" + mixerName + "' supports "
                    + describe(type, format) + "; mixers here: " + names(type, format));
        } catch (LineUnavailableException e) {
            throw new HardwareException("sound device busy or unavailable for " + describe(type, format) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Names of the mixers that can do {@code type} in {@code format}. */
    static List<String> names(Class<? extends Line> type, AudioFormat format) {
        DataLine.Info info = new DataLine.Info(type, pcm(format));
        List<String> names = new ArrayList<>();
        for (Mixer.Info mi : AudioSystem.getMixerInfo()) {
            if (AudioSystem.getMixer(mi).isLineSupported(info)) {
                names.add(mi.getName());
            }
        }
        return names;
    }

    private static String describe(Class<?> type, AudioFormat format) {
        return (type.getSimpleName().startsWith("Target") ? "capture" : "playback") + " at " + format.sampleRate()
                + " Hz mono 16-bit";
    }
}
