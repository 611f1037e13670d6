package org.openintercom.simulator.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Finds ports free for both UDP and TCP on loopback, never handing out the same one twice in a run. */
public final class FreePorts {

    private final Set<Integer> handedOut = new HashSet<>();

    public synchronized int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = tcp.getLocalPort();
                if (handedOut.contains(port)) {
                    continue;
                }
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        port))) {
                    handedOut.add(port);
                    return port;
                } catch (IOException busyForUdp) {
                    // try another one
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on loopback: " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on loopback after 100 attempts");
    }
}
