package org.openintercom.agent.media;

import org.openintercom.hal.audio.AudioSink;
import org.openintercom.hal.audio.AudioSource;

/** Opens media sessions bound to a station's microphone and speaker. Port; the adapter is {@code RtpMediaFactory}. */
public interface MediaFactory {

    /**
     * Binds an RTP port from the configured range and returns a session not yet started. Failure to bind is an
     * unchecked exception naming the range.
     */
    MediaSession open(AudioSource microphone, AudioSink speaker);
}
