package org.openintercom.cloud.calls.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.BitSet;

/**
 * Hands out RTP/RTCP socket pairs from a {@link PortRange}: an even RTP port and RTCP on the port above, both bound
 * on one local address. Pairs are taken round robin so a released pair is reused as late as possible (stray packets
 * of an ended call do not reach the next one); a pair another process holds (bind fails) is skipped. Thread-safe.
 */
final class PortPool {

    /** Two bound, non-blocking channels of one pair. */
    record BoundPair(int rtpPort, DatagramChannel rtp, DatagramChannel rtcp) {

        int rtcpPort() {
            return rtpPort + 1;
        }
    }

    private final InetAddress bindAddress;
    private final PortRange range;
    private final BitSet inUse;
    private int next;

    PortPool(InetAddress bindAddress, PortRange range) {
        this.bindAddress = bindAddress;
        this.range = range;
        this.inUse = new BitSet(range.pairs());
    }

    /**
     * Binds the next free pair.
     *
     * @throws MediaPortsExhaustedException when every pair is in use here or could not be bound
     */
    synchronized BoundPair allocate() {
        int pairs = range.pairs();
        IOException lastFailure = null;
        for (int tried = 0; tried < pairs; tried++) {
            int index = next;
            next = (next + 1) % pairs;
            if (inUse.get(index)) {
                continue;
            }
            int port = range.rtpPort(index);
            DatagramChannel rtp = null;
            try {
                rtp = bind(port);
                DatagramChannel rtcp = bind(port + 1);
                inUse.set(index);
                return new BoundPair(port, rtp, rtcp);
            } catch (IOException e) {
                lastFailure = e;
                closeQuietly(rtp);
            }
        }
        throw new MediaPortsExhaustedException("no free RTP/RTCP port pair in " + range + " on "
                + bindAddress.getHostAddress() + " (" + inUse.cardinality() + " of " + pairs
                + " pairs used by the relay"
                + (lastFailure == null ? "" : ", last bind error: " + lastFailure.getMessage()) + ")");
    }

    /** Gives the pair of {@code rtpPort} back; its channels must be closed already. */
    synchronized void release(int rtpPort) {
        int index = (rtpPort - range.rtpPort(0)) / 2;
        if (index < 0 || index >= range.pairs() || range.rtpPort(index) != rtpPort) {
            throw new IllegalArgumentException("port " + rtpPort + " is not an RTP port of " + range);
        }
        inUse.clear(index);
    }

    /** How many pairs the relay holds now. */
    synchronized int pairsInUse() {
        return inUse.cardinality();
    }

    PortRange range() {
        return range;
    }

    /** Fails fast when the bind address is not one of this host's: every pair would fail otherwise. */
    void checkBindAddress() {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(bindAddress, 0));
        } catch (IOException e) {
            throw new UncheckedIOException("media relay: cannot bind UDP on bindAddress " + bindAddress.getHostAddress()
                    + ": " + e.getMessage(), e);
        }
    }

    private DatagramChannel bind(int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(bindAddress, port));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    static void closeQuietly(DatagramChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to do with a socket that will not close
            }
        }
    }
}
