package org.openintercom.simulator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One side of a benchmark call: a non-blocking UDP socket on loopback that sends a G.711 RTP stream (version 2,
 * PCMU, 160 bytes of payload every 20 ms, sequence numbers and timestamps as a phone sends them; the payload starts
 * with the send time for the latency figure) and counts, by sequence number, what arrives of its peer's stream.
 * Used by one generator thread at a time.
 */
final class RtpPhone implements AutoCloseable {

    static final int PAYLOAD_BYTES = 160;
    static final int PACKET_BYTES = 12 + PAYLOAD_BYTES;

    final DatagramChannel channel;
    final int ssrc = ThreadLocalRandom.current().nextInt();
    final int firstSequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private int sequence = firstSequence;
    private int timestamp = ThreadLocalRandom.current().nextInt();
    private RtpPhone peer;
    private SequenceLoss inbound;
    long sent;
    long sendFailures;
    long foreign;

    RtpPhone(InetAddress bind) {
        try {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(bind, 0));
            channel.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a phone socket on " + bind + ": " + e.getMessage(), e);
        }
    }

    /** The RTP port this phone receives on (and sends from). */
    int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The relay port this phone sends to, and the phone whose stream it receives. The socket is connected to that
     * port (both relays send a phone its peer's packets from the port the phone sends to, symmetric RTP): the kernel
     * then skips the route lookup on each send and drops packets from anywhere else.
     */
    void connect(InetSocketAddress relayPort, RtpPhone from) {
        this.peer = from;
        this.inbound = new SequenceLoss(from.firstSequence);
        try {
            channel.connect(relayPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect a phone socket to " + relayPort + ": " + e.getMessage(), e);
        }
    }

    RtpPhone peer() {
        return peer;
    }

    SequenceLoss inbound() {
        return inbound;
    }

    /** Sends the next packet (stamped with the time now) through {@code packet}, a direct buffer of any content. */
    void send(ByteBuffer packet) {
        packet.clear();
        packet.put((byte) 0x80).put((byte) 0).putShort((short) sequence).putInt(timestamp).putInt(ssrc);
        packet.putLong(System.nanoTime());
        packet.position(PACKET_BYTES).flip();
        try {
            if (channel.write(packet) == 0) {
                sendFailures++;
                return;
            }
        } catch (IOException e) {
            sendFailures++;
            return;
        }
        sent++;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp += PAYLOAD_BYTES;
    }

    /**
     * Reads one datagram into {@code buffer}; records its sequence number and latency in {@code latencies}. Returns
     * false when nothing was waiting. A datagram from another SSRC (or an ICMP error) counts as foreign.
     */
    boolean receive(ByteBuffer buffer, LatencyHistogram latencies) throws IOException {
        buffer.clear();
        try {
            if (channel.read(buffer) <= 0) {
                return false;
            }
        } catch (PortUnreachableException e) {
            foreign++; // an ICMP error for an earlier send: the relay's port was closed
            return true;
        }
        long now = System.nanoTime();
        if (buffer.position() < 20 || buffer.getInt(8) != peer.ssrc) {
            foreign++;
            return true;
        }
        inbound.received(buffer.getShort(2) & 0xFFFF);
        latencies.record(now - buffer.getLong(12));
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
