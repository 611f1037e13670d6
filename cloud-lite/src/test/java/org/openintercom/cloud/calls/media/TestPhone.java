package org.openintercom.cloud.calls.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A phone's media socket on loopback for relay tests: sends numbered RTP packets, receives what comes back. */
final class TestPhone implements AutoCloseable {

    private final DatagramSocket socket;
    private final int ssrc;
    private int sequence;

    TestPhone(int ssrc) {
        try {
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.ssrc = ssrc;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** What this phone would write in its SDP: its own RTP address. */
    RemoteMedia sdp() {
        return RemoteMedia.of(address().getAddress(), address().getPort());
    }

    /** Sends an RTP packet (version 2, PCMU, 160 bytes of payload) to the relay port; returns its sequence number. */
    int sendRtp(int relayPort) {
        int seq = sequence++;
        send(rtp(ssrc, seq), relayPort);
        return seq;
    }

    void send(byte[] packet, int relayPort) {
        try {
            socket.send(new DatagramPacket(packet, packet.length,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), relayPort)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next packet within {@code millis}, if any. */
    Optional<DatagramPacket> receive(int millis) {
        try {
            socket.setSoTimeout(millis);
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            socket.receive(packet);
            return Optional.of(packet);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every packet that arrives until {@code millis} pass without one. */
    List<DatagramPacket> drain(int millis) {
        List<DatagramPacket> packets = new ArrayList<>();
        Optional<DatagramPacket> packet;
        while ((packet = receive(millis)).isPresent()) {
            packets.add(packet.get());
        }
        return packets;
    }

    static byte[] rtp(int ssrc, int seq) {
        ByteBuffer b = ByteBuffer.allocate(12 + 160);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(ssrc);
        return b.array();
    }

    static int ssrcOf(DatagramPacket packet) {
        return ByteBuffer.wrap(packet.getData(), packet.getOffset(), packet.getLength()).getInt(8);
    }

    static int sequenceOf(DatagramPacket packet) {
        return ByteBuffer.wrap(packet.getData(), packet.getOffset(), packet.getLength()).getShort(2) & 0xFFFF;
    }

    @Override
    public void close() {
        socket.close();
    }
}
