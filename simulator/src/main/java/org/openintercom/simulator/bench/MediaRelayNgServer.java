package org.openintercom.simulator.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.openintercom.cloud.calls.media.MediaRelay;
import org.openintercom.cloud.calls.media.MediaRelayConfig;
import org.openintercom.cloud.calls.media.MediaRelayListener;
import org.openintercom.cloud.calls.media.RelaySession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cloud-lite's {@link MediaRelay} in a process of its own, controlled over rtpengine's ng protocol ({@code ping},
 * {@code offer}, {@code answer}, {@code delete}), so the media benchmark drives it exactly as it drives rtpengine
 * and can read its CPU time from {@code /proc}. {@code offer} opens the call's session and rewrites the caller's SDP
 * ({@link RelaySession#rewriteFromCaller}); {@code answer} rewrites the callee's as the answer of the call
 * ({@link RelaySession#rewriteFromCallee}); {@code delete} closes the session. Replies are cached by cookie, so a
 * repeated request gets the same answer, as with rtpengine.
 *
 * <p>Usage: {@code MediaRelayNgServer NG_PORT PORT_MIN PORT_MAX} (loopback only).
 */
public final class MediaRelayNgServer {

    private static final Logger LOG = LoggerFactory.getLogger(MediaRelayNgServer.class);
    private static final int CACHED_REPLIES = 4096;

    private final MediaRelay relay;
    private final Map<String, byte[]> replies = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHED_REPLIES;
        }
    };

    /** The relay's I/O threads: its default, one per core, as rtpengine's workers. */
    static final int IO_THREADS = MediaRelayConfig.builder().build().ioThreads();

    MediaRelayNgServer(MediaRelay relay) {
        this.relay = relay;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: MediaRelayNgServer NG_PORT PORT_MIN PORT_MAX");
        }
        InetAddress loopback = InetAddress.getLoopbackAddress();
        MediaRelayConfig config = MediaRelayConfig.builder().bindAddress(loopback).advertisedAddress(loopback)
                .ports(Integer.parseInt(args[1]), Integer.parseInt(args[2])).idleTimeout(Duration.ofHours(1))
                .build();
        try (MediaRelay relay = MediaRelay.start(config, MediaRelayListener.NONE);
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback,
                        Integer.parseInt(args[0])))) {
            LOG.info("ng control on {}", socket.getLocalSocketAddress());
            new MediaRelayNgServer(relay).serve(socket);
        }
    }

    private void serve(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[65536];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            NgMessage request;
            try {
                request = NgMessage.decode(Arrays.copyOf(buffer, packet.getLength()));
            } catch (IllegalArgumentException e) {
                LOG.warn("ng: ignored a malformed request from {}: {}", packet.getSocketAddress(), e.getMessage());
                continue;
            }
            byte[] reply = replies.get(request.cookie());
            if (reply == null) {
                reply = new NgMessage(request.cookie(), handle(request)).encode();
                replies.put(request.cookie(), reply);
            }
            socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
        }
    }

    /** The reply's body to one request. */
    Map<String, Object> handle(NgMessage request) {
        String command = request.string("command");
        String callId = request.string("call-id");
        try {
            return switch (command == null ? "" : command) {
                case "ping" -> Map.of("result", "pong");
                case "offer" -> {
                    String sdp = required(request.string("sdp"), "sdp");
                    RelaySession session = relay.session(required(callId, "call-id")).orElseGet(
                            () -> relay.open(callId));
                    yield ok(session.rewriteFromCaller(sdp, null));
                }
                case "answer" -> {
                    RelaySession session = existing(callId);
                    yield ok(session.rewriteFromCallee(required(request.string("sdp"), "sdp"), null, true));
                }
                case "delete" -> {
                    existing(callId).close();
                    yield Map.of("result", "ok");
                }
                default -> error("unknown command '" + command + "'");
            };
        } catch (RuntimeException e) {
            return error(e.getMessage());
        }
    }

    private RelaySession existing(String callId) {
        Optional<RelaySession> session = relay.session(required(callId, "call-id"));
        return session.orElseThrow(() -> new IllegalArgumentException("unknown call-id " + callId));
    }

    private static String required(String value, String key) {
        if (value == null) {
            throw new IllegalArgumentException("missing key " + key);
        }
        return value;
    }

    private static Map<String, Object> ok(String sdp) {
        return Map.of("result", "ok", "sdp", sdp);
    }

    private static Map<String, Object> error(String reason) {
        return Map.of("result", "error", "error-reason", reason == null ? "(no message)" : reason);
    }
}
