package org.openintercom.simulator.scenario;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds ports free for both UDP and TCP on loopback, never handing out the same one twice in a run.
 *
 * <p>A run picks all its stations' ports first and starts the stations one after the other, so a port may wait a
 * minute before its station binds it. Ports come from outside the kernel's ephemeral range: a socket bound to port
 * 0 meanwhile (RTP, the relay, an MQTT client) can then never take one. A port picked from inside that range did
 * get taken once (a 200-station run failed with "Address already in use").
 */
public final class FreePorts {

    /** The lowest port handed out: well clear of the registered services below (SIP 5060, MQTT 1883/8883, ...). */
    static final int LOWEST = 20000;
    private static final int ENOUGH = 1000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private final int first;
    private final int last;
    private final Set<Integer> handedOut = new HashSet<>();
    private int cursor;

    public FreePorts() {
        this(outside(ephemeralRange()));
    }

    /** Ports outside {@code ephemeral} (inclusive low and high port of the kernel's range). */
    static FreePorts outsideOf(int[] ephemeral) {
        return new FreePorts(outside(ephemeral));
    }

    private FreePorts(int[] range) {
        this(range[0], range[1]);
    }

    /** Ports from {@code first} to {@code last}; 0 and 0 to let the kernel choose. */
    FreePorts(int first, int last) {
        this.first = first;
        this.last = last;
        cursor = first == 0 ? 0 : ThreadLocalRandom.current().nextInt(first, last + 1);
    }

    private static int[] outside(int[] ephemeral) {
        int below = Math.min(ephemeral[0], 65536) - LOWEST;
        int above = 65535 - ephemeral[1];
        if (below >= ENOUGH && below >= above) {
            return new int[] {LOWEST, ephemeral[0] - 1};
        }
        if (above >= ENOUGH) {
            return new int[] {ephemeral[1] + 1, 65535};
        }
        return new int[] {0, 0}; // no room outside: let the kernel choose
    }

    /** The first and last port this finder hands out, or 0 and 0 where the kernel chooses. */
    int[] range() {
        return new int[] {first, last};
    }

    public synchronized int next() {
        if (first == 0) {
            return nextFromKernel();
        }
        int size = last - first + 1;
        for (int tried = 0; tried < size; tried++) {
            int port = cursor;
            cursor = cursor == last ? first : cursor + 1;
            if (!handedOut.contains(port) && bindsForBoth(port)) {
                handedOut.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no port between " + first + " and " + last
                + " is free for both UDP and TCP on loopback");
    }

    private int nextFromKernel() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = tcp.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("cannot find a free port on loopback: " + e.getMessage(), e);
            }
            if (!handedOut.contains(port) && bindsForBoth(port)) {
                handedOut.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on loopback after 100 attempts");
    }

    private static boolean bindsForBoth(int port) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (ServerSocket tcp = new ServerSocket()) {
            tcp.setReuseAddress(false);
            tcp.bind(address);
            new DatagramSocket(address).close();
            return true;
        } catch (IOException busy) {
            return false;
        }
    }

    /** The kernel's ephemeral port range; where it cannot be read, the IANA range other systems use. */
    static int[] ephemeralRange() {
        try {
            String[] parts = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (IOException | RuntimeException unreadable) {
            return new int[] {49152, 65535};
        }
    }
}
