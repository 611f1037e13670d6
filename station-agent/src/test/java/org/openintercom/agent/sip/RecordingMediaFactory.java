package org.openintercom.agent.sip;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openintercom.agent.media.MediaFactory;
import org.openintercom.agent.media.MediaListener;
import org.openintercom.agent.media.MediaParameters;
import org.openintercom.agent.media.MediaSession;
import org.openintercom.agent.media.MediaStats;
import org.openintercom.hal.audio.AudioSink;
import org.openintercom.hal.audio.AudioSource;

/**
 * Test double for {@link MediaFactory}: sessions bind a real UDP port (so SDP carries a real port) but move no
 * audio; they record the parameters they were started with and the DTMF digits sent, and can fake received DTMF.
 */
final class RecordingMediaFactory implements MediaFactory {

    final List<RecordingSession> sessions = new CopyOnWriteArrayList<>();

    @Override
    public MediaSession open(AudioSource microphone, AudioSink speaker) {
        RecordingSession s = new RecordingSession();
        sessions.add(s);
        return s;
    }

    RecordingSession last() {
        return sessions.get(sessions.size() - 1);
    }

    /** A media session that records instead of streaming. */
    static final class RecordingSession implements MediaSession {
        final DatagramSocket socket;
        final List<MediaParameters> started = new CopyOnWriteArrayList<>();
        final List<Character> dtmfSent = new CopyOnWriteArrayList<>();
        volatile MediaListener listener;
        volatile boolean closed;

        RecordingSession() {
            try {
                socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int localPort() {
            return socket.getLocalPort();
        }

        @Override
        public void start(MediaParameters parameters, MediaListener listener) {
            started.add(parameters);
            this.listener = listener;
        }

        @Override
        public void sendDtmf(char digit) {
            dtmfSent.add(digit);
        }

        @Override
        public void playTone(int frequencyHz, Duration duration) {
            // nothing to play
        }

        @Override
        public MediaStats stats() {
            MediaParameters p = started.isEmpty() ? null : started.get(started.size() - 1);
            return new MediaStats(p == null ? "" : p.codec().name(), 0, 0, 0, 0, 0,
                    p != null && p.srtp().isPresent());
        }

        /** Pretends an RFC 4733 digit arrived. */
        void receiveDtmf(char digit) {
            listener.onDtmf(digit);
        }

        @Override
        public void close() {
            closed = true;
            socket.close();
        }
    }
}
