package org.openintercom.cloud.calls.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** SIP as plain text over a UDP socket on loopback, for tests that talk to a stack without a SIP library. */
final class RawSip {

    /** What {@link #receive} returns when nothing came within the socket's timeout. */
    static final String NOTHING = "(nothing)";

    private RawSip() {
    }

    static void send(DatagramSocket from, int port, String message) throws IOException {
        byte[] b = message.getBytes(StandardCharsets.US_ASCII);
        from.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
    }

    /** The next datagram as text, or {@link #NOTHING} after the socket's timeout. */
    static String receive(DatagramSocket at) throws IOException {
        byte[] b = new byte[4096];
        DatagramPacket p = new DatagramPacket(b, b.length);
        try {
            at.receive(p);
        } catch (SocketTimeoutException e) {
            return NOTHING;
        }
        return new String(b, 0, p.getLength(), StandardCharsets.US_ASCII);
    }
}
