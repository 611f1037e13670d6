package org.openintercom.agent.media;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Objects;
import org.openintercom.agent.media.internal.RtpSession;
import org.openintercom.hal.audio.AudioSink;
import org.openintercom.hal.audio.AudioSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTP/SRTP adapter of {@link MediaFactory}: binds the first free even UDP port of the configured range on
 * the configured address and returns an {@link RtpSession} on it. Thread-safe.
 */
public final class RtpMediaFactory implements MediaFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RtpMediaFactory.class);

    private final MediaConfig config;

    public RtpMediaFactory(MediaConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public MediaSession open(AudioSource microphone, AudioSink speaker) {
        Objects.requireNonNull(microphone, "microphone");
        Objects.requireNonNull(speaker, "speaker");
        DatagramSocket socket = bind();
        LOG.debug("RTP socket bound to {}", socket.getLocalSocketAddress());
        return new RtpSession(socket, config, microphone, speaker);
    }

    private DatagramSocket bind() {
        int first = config.portMin() % 2 == 0 ? config.portMin() : config.portMin() + 1;
        for (int port = first; port <= config.portMax(); port += 2) {
            try {
                return new DatagramSocket(new InetSocketAddress(config.bindAddress(), port));
            } catch (SocketException e) {
                // in use: try the next even port
            }
        }
        throw new IllegalStateException("no free even UDP port for RTP in " + config.portMin() + "-"
                + config.portMax() + " on " + config.bindAddress().getHostAddress());
    }
}
