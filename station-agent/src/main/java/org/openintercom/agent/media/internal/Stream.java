package org.openintercom.agent.media.internal;

import java.net.InetSocketAddress;
import org.openintercom.agent.media.MediaConfig;
import org.openintercom.agent.media.MediaListener;
import org.openintercom.agent.media.MediaParameters;
import org.openintercom.hal.audio.AudioFormat;
import org.openintercom.hal.audio.Resampler;

/**
 * Everything one {@code start()} of a session negotiated and built: codec state, SRTP contexts, jitter buffer,
 * resamplers, DTMF decoder and the (latching) remote address. Replaced as a whole when parameters change.
 */
final class Stream implements AutoCloseable {

    final MediaParameters parameters;
    final MediaListener listener;
    final AudioEncoder encoder;
    final AudioDecoder decoder;
    final SrtpTransformer srtp;
    final JitterBuffer jitter;
    final DtmfReceiver dtmf = new DtmfReceiver();
    final Concealer concealer = new Concealer();
    final Resampler micToCodec;
    final Resampler codecToSpeaker;
    final int timestampStep;
    volatile InetSocketAddress sendTo;

    Stream(MediaParameters parameters, MediaListener listener, MediaConfig config, AudioFormat mic,
            AudioFormat speaker) {
        if (!Codecs.isSupported(parameters.codec())) {
            throw new IllegalArgumentException("unsupported codec " + parameters.codec().rtpmap());
        }
        this.parameters = parameters;
        this.listener = listener;
        this.timestampStep = Codecs.timestampStep(parameters.codec());
        this.sendTo = parameters.remote();
        int frameMs = (int) AudioFormat.FRAME.toMillis();
        this.jitter = new JitterBuffer((int) (config.jitterTarget().toMillis() / frameMs),
                (int) (config.jitterMax().toMillis() / frameMs));
        int codecRate = parameters.codec().audioSampleRate();
        this.micToCodec = new Resampler(mic.sampleRate(), codecRate);
        this.codecToSpeaker = new Resampler(codecRate, speaker.sampleRate());
        this.srtp = parameters.srtp().map(SrtpTransformer::new).orElse(null);
        AudioEncoder enc = Codecs.encoder(parameters.codec());
        AudioDecoder dec;
        try {
            dec = Codecs.decoder(parameters.codec());
        } catch (RuntimeException e) {
            enc.close();
            throw e;
        }
        this.encoder = enc;
        this.decoder = dec;
    }

    int codecFrameSamples() {
        return parameters.codec().audioSampleRate() / 50;
    }

    @Override
    public void close() {
        encoder.close();
        decoder.close();
        if (srtp != null) {
            srtp.close();
        }
    }
}
