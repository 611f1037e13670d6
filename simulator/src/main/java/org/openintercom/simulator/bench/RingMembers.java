package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The callees of the ring-group benchmark: N minimal SIP user agents, one UDP socket and thread each, registered at
 * the relay as {@code m0..m(N-1)}. Each answers an INVITE with 100 and 180 and notes when it arrived, a CANCEL with
 * 200 and 487 to the INVITE, absorbs the ACK; it never answers a call. Retransmitted requests get the last response
 * again.
 */
final class RingMembers implements AutoCloseable {

    private final List<Member> members = new ArrayList<>();
    private final AtomicLongArray arrivals;
    private volatile CountDownLatch allRung = new CountDownLatch(0);

    private RingMembers(int n) {
        this.arrivals = new AtomicLongArray(n);
    }

    /** Starts {@code n} members on free loopback ports and registers each at the relay's UDP {@code relayPort}. */
    static RingMembers startAndRegister(int n, int relayPort, Duration timeout) {
        RingMembers group = new RingMembers(n);
        try {
            for (int i = 0; i < n; i++) {
                group.members.add(group.new Member(i, "m" + i));
            }
            for (Member m : group.members) {
                m.register(relayPort, timeout);
            }
            return group;
        } catch (RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /** The user names, in order. */
    List<String> users() {
        return members.stream().map(m -> m.user).toList();
    }

    /** Forgets the last round: the next INVITE each member gets counts for the new one. */
    void newRound() {
        for (int i = 0; i < arrivals.length(); i++) {
            arrivals.set(i, 0);
        }
        allRung = new CountDownLatch(members.size());
    }

    /** Waits until every member got its INVITE of this round; the System.nanoTime() of the last, or -1. */
    long awaitAllRung(Duration timeout) throws InterruptedException {
        if (!allRung.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        long last = 0;
        for (int i = 0; i < arrivals.length(); i++) {
            last = Math.max(last, arrivals.get(i));
        }
        return last;
    }

    /** How many members got this round's INVITE so far. */
    int rung() {
        return members.size() - (int) allRung.getCount();
    }

    /** Whether no member has a call (every INVITE ended with 487 and its ACK). */
    boolean idle() {
        return members.stream().allMatch(m -> m.calls.isEmpty());
    }

    @Override
    public void close() {
        members.forEach(Member::close);
    }

    /** One callee. */
    private final class Member implements AutoCloseable {

        private final int index;
        private final String user;
        private final DatagramSocket socket;
        private final Thread thread;
        /** Calls by Call-ID: the INVITE's headers and the last response sent for it. */
        private final Map<String, Call> calls = new ConcurrentHashMap<>();
        private final CountDownLatch registered = new CountDownLatch(1);

        Member(int index, String user) {
            this.index = index;
            this.user = user;
            try {
                this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            } catch (SocketException e) {
                throw new UncheckedIOException("no free udp port for ring member " + user, e);
            }
            this.thread = Thread.ofPlatform().daemon(true).name("ring-" + user).start(this::serve);
        }

        void register(int relayPort, Duration timeout) {
            int port = socket.getLocalPort();
            String target = "127.0.0.1:" + relayPort;
            send(new InetSocketAddress("127.0.0.1", relayPort), "REGISTER sip:" + target + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-reg-" + user + ";rport\r\n"
                    + "From: <sip:" + user + "@" + target + ">;tag=reg-" + user + "\r\n"
                    + "To: <sip:" + user + "@" + target + ">\r\n"
                    + "Call-ID: reg-" + user + "-" + port + "@127.0.0.1\r\n"
                    + "CSeq: 1 REGISTER\r\n"
                    + "Contact: <sip:" + user + "@127.0.0.1:" + port + ";transport=udp>\r\n"
                    + "Expires: 3600\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "Content-Length: 0\r\n\r\n");
            try {
                if (!registered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("ring member " + user + " got no 200 to its REGISTER within "
                            + timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        private void serve() {
            byte[] buffer = new byte[65536];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(p);
                } catch (IOException e) {
                    return; // closed
                }
                long now = System.nanoTime();
                SipMessage m = SipMessage.parse(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                if (m != null) {
                    handle(m, p.getSocketAddress(), now);
                }
            }
        }

        private void handle(SipMessage m, SocketAddress from, long now) {
            if (m.isResponse()) {
                if (m.status() == 200 && m.cseqMethod().equals("REGISTER")) {
                    registered.countDown();
                }
                return;
            }
            String callId = m.header("Call-ID");
            switch (m.method()) {
                case "INVITE" -> {
                    Call known = calls.get(callId);
                    if (known != null) {
                        send(from, known.lastResponse); // retransmission
                        return;
                    }
                    if (arrivals.compareAndSet(index, 0, now)) {
                        allRung.countDown();
                    }
                    String tag = "m" + index + "-" + Long.toHexString(now);
                    Call call = new Call(m, tag);
                    send(from, m.response(100, "Trying", null, null));
                    call.lastResponse = m.response(180, "Ringing", tag, "<sip:" + user + "@127.0.0.1:"
                            + socket.getLocalPort() + ";transport=udp>");
                    calls.put(callId, call);
                    send(from, call.lastResponse);
                }
                case "CANCEL" -> {
                    send(from, m.response(200, "OK", null, null));
                    Call call = calls.get(callId);
                    if (call != null && !call.terminated) {
                        call.terminated = true;
                        call.lastResponse = call.invite.response(487, "Request Terminated", call.tag, null);
                        send(from, call.lastResponse);
                    }
                }
                case "ACK" -> {
                    Call call = calls.get(callId);
                    if (call != null && call.terminated) {
                        calls.remove(callId);
                    }
                }
                default -> send(from, m.response(200, "OK", null, null)); // BYE, OPTIONS: nothing to keep
            }
        }

        private void send(SocketAddress to, String message) {
            byte[] b = message.getBytes(StandardCharsets.UTF_8);
            try {
                socket.send(new DatagramPacket(b, b.length, to));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new UncheckedIOException("ring member " + user + " cannot send: " + e.getMessage(), e);
                }
            }
        }

        @Override
        public void close() {
            socket.close();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A call a member is ringing. */
    private static final class Call {
        final SipMessage invite;
        final String tag;
        volatile String lastResponse;
        volatile boolean terminated;

        Call(SipMessage invite, String tag) {
            this.invite = invite;
            this.tag = tag;
        }
    }
}
