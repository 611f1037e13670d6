package org.openintercom.simulator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Datagrams the kernel dropped at a UDP socket because its receive buffer was full: the {@code drops} column of
 * {@code /proc/net/udp} and {@code /proc/net/udp6} for the socket bound to a local port.
 */
final class UdpDrops {

    private UdpDrops() {
    }

    /** Drops so far at the sockets bound to local {@code port}, -1 if unknown. */
    static long at(int port) {
        long sum = -1;
        for (String file : List.of("/proc/net/udp", "/proc/net/udp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(file));
                long found = count(lines, port);
                if (found >= 0) {
                    sum = Math.max(sum, 0) + found;
                }
            } catch (IOException e) {
                // not Linux, or no IPv6
            }
        }
        return sum;
    }

    /** The drops of the sockets on local {@code port} in the lines of one such file (header first), -1 if none. */
    static long count(List<String> lines, int port) {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        long sum = -1;
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.strip().split("\\s+");
            if (f.length > 12 && f[1].endsWith(hexPort)) {
                sum = Math.max(sum, 0) + Long.parseLong(f[f.length - 1]);
            }
        }
        return sum;
    }
}
