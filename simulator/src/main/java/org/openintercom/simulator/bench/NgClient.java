package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of rtpengine's ng control protocol (bencode over UDP): {@code ping}, {@code offer}, {@code answer},
 * {@code delete}. One request at a time; a request without a reply is sent again with the same cookie (the server
 * answers a repeated cookie from its cache), up to three times. Not thread-safe.
 */
final class NgClient implements AutoCloseable {

    private static final int ATTEMPTS = 3;
    private static final AtomicLong COOKIES = new AtomicLong();

    private final InetSocketAddress server;
    private final DatagramSocket socket;
    private final Duration timeout;
    private final byte[] buffer = new byte[65536];

    NgClient(InetSocketAddress server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
        try {
            this.socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
            socket.setSoTimeout((int) timeout.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("ng: cannot open a socket to " + server + ": " + e.getMessage(), e);
        }
    }

    /** Whether the server answers {@code ping} with {@code pong} within the timeout (once, no retries). */
    boolean ping() {
        try {
            return "pong".equals(exchange(Map.of("command", "ping"), 1).string("result"));
        } catch (UncheckedIOException | IllegalStateException e) {
            return false;
        }
    }

    /** Sends the caller's SDP; returns the SDP for the callee (pointing at the relay). */
    String offer(String callId, String fromTag, String sdp) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("command", "offer");
        request.put("call-id", callId);
        request.put("from-tag", fromTag);
        request.put("sdp", sdp);
        return sdpOf(ok(request));
    }

    /** Sends the callee's SDP; returns the SDP for the caller (pointing at the relay). */
    String answer(String callId, String fromTag, String toTag, String sdp) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("command", "answer");
        request.put("call-id", callId);
        request.put("from-tag", fromTag);
        request.put("to-tag", toTag);
        request.put("sdp", sdp);
        return sdpOf(ok(request));
    }

    /** Ends the call's media session. */
    void delete(String callId, String fromTag) {
        ok(Map.of("command", "delete", "call-id", callId, "from-tag", fromTag));
    }

    private String sdpOf(NgMessage reply) {
        String sdp = reply.string("sdp");
        if (sdp == null) {
            throw new IllegalStateException("ng: " + server + " answered without an SDP: " + reply.body());
        }
        return sdp;
    }

    private NgMessage ok(Map<String, Object> request) {
        NgMessage reply = exchange(request, ATTEMPTS);
        String result = reply.string("result");
        if (!"ok".equals(result)) {
            throw new IllegalStateException("ng: " + server + " answered " + request.get("command") + " with "
                    + result + ": " + reply.string("error-reason"));
        }
        return reply;
    }

    private NgMessage exchange(Map<String, Object> request, int attempts) {
        String cookie = Long.toString(ProcessHandle.current().pid(), 36) + "_" + COOKIES.incrementAndGet();
        byte[] datagram = new NgMessage(cookie, request).encode();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                socket.send(new DatagramPacket(datagram, datagram.length, server));
                while (true) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    NgMessage reply = NgMessage.decode(Arrays.copyOf(buffer, packet.getLength()));
                    if (reply.cookie().equals(cookie)) {
                        return reply;
                    }
                }
            } catch (SocketTimeoutException e) {
                // no reply: send again
            } catch (IOException e) {
                throw new UncheckedIOException("ng: " + request.get("command") + " to " + server + " failed: "
                        + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("ng: no reply from " + server + " to " + request.get("command") + " after "
                + attempts + " attempts of " + timeout.toMillis() + " ms");
    }

    @Override
    public void close() {
        socket.close();
    }
}
