package org.openintercom.cloud.calls.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * An RTP/RTCP port pair the relay uses as a media end of its own (the announcement player), outside any relayed
 * session: from the media relay's range when there is one (so firewalls that open the range let it through),
 * otherwise any free pair on the signalling address. Closing returns the pair. Not thread-safe; one owner.
 */
public final class OwnPorts implements AutoCloseable {

    private final PortPool pool;
    private final PortPool.BoundPair pair;
    private final InetAddress advertised;
    private boolean closed;

    private OwnPorts(PortPool pool, PortPool.BoundPair pair, InetAddress advertised) {
        this.pool = pool;
        this.pair = pair;
        this.advertised = advertised;
    }

    /** A pair from {@code relay}'s range, advertised as the relay's media address. */
    static OwnPorts from(PortPool pool, InetAddress advertised) {
        return new OwnPorts(pool, pool.allocate(), advertised);
    }

    /**
     * A pair on free ports of {@code bind} (no media relay configured).
     *
     * @throws UncheckedIOException when no UDP socket can be bound there
     */
    public static OwnPorts ephemeral(InetAddress bind, InetAddress advertised) {
        DatagramChannel rtp = null;
        try {
            rtp = DatagramChannel.open().bind(new InetSocketAddress(bind, 0));
            int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
            DatagramChannel rtcp = DatagramChannel.open().bind(new InetSocketAddress(bind, 0));
            rtp.configureBlocking(false);
            rtcp.configureBlocking(false);
            return new OwnPorts(null, new PortPool.BoundPair(port, rtp, rtcp), advertised);
        } catch (IOException e) {
            PortPool.closeQuietly(rtp);
            throw new UncheckedIOException("cannot bind a media port on " + bind.getHostAddress() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The RTP socket (non-blocking, bound). */
    public DatagramChannel rtp() {
        return pair.rtp();
    }

    public int rtpPort() {
        return pair.rtpPort();
    }

    /** The address to write into SDP. */
    public InetAddress advertised() {
        return advertised;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        PortPool.closeQuietly(pair.rtp());
        PortPool.closeQuietly(pair.rtcp());
        if (pool != null) {
            pool.release(pair.rtpPort());
        }
    }
}
