package org.openintercom.agent.media;

import java.time.Duration;

/**
 * The RTP/SRTP audio of one call: sends the station's microphone, plays what arrives on its speaker through a
 * jitter buffer with packet-loss concealment, and carries RFC 4733 DTMF both ways. Opened (port bound) before
 * the SDP is written, started once offer/answer is done.
 */
public interface MediaSession extends AutoCloseable {

    /** The local UDP port RTP is received on (RTCP is not used). */
    int localPort();

    /** Starts sending and receiving with the negotiated parameters; may be called again to update them. */
    void start(MediaParameters parameters, MediaListener listener);

    /** Sends one DTMF digit as RFC 4733 events (about 100 ms plus end packets). */
    void sendDtmf(char digit);

    /** Mixes a sine tone into both directions (what we send and what our speaker plays) for {@code duration}. */
    void playTone(int frequencyHz, Duration duration);

    MediaStats stats();

    /** Stops the threads and releases the port. Idempotent. */
    @Override
    void close();
}
