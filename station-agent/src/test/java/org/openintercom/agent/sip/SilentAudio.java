package org.openintercom.agent.sip;

import org.openintercom.hal.audio.AudioFormat;
import org.openintercom.hal.audio.AudioSink;
import org.openintercom.hal.audio.AudioSource;

/** Test audio: a microphone that captures silence and a speaker that discards what it gets. */
final class SilentAudio {

    private SilentAudio() {
    }

    static AudioSource microphone() {
        return new AudioSource() {
            @Override
            public AudioFormat format() {
                return AudioFormat.WIDEBAND;
            }

            @Override
            public boolean read(short[] frame) {
                java.util.Arrays.fill(frame, (short) 0);
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    static AudioSink speaker() {
        return new AudioSink() {
            @Override
            public AudioFormat format() {
                return AudioFormat.WIDEBAND;
            }

            @Override
            public void write(short[] frame) {
            }

            @Override
            public void close() {
            }
        };
    }
}
