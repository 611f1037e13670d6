package org.openintercom.agent.mesh;

import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * Run by {@link MeshLinkLocalTest} inside a network namespace (a JVM cannot enter one per thread): starts two
 * stations, one on each end of a veth pair, on their IPv6 link-local addresses, waits until each has verified the
 * other, and prints one line per station: {@code FOUND <observer> <interface> <peer> <address%scope> <port>}, then
 * {@code DISCOVERED_MS <ms>}. Exits 0 when both found each other, 2 otherwise. Output is its protocol, hence stdout.
 *
 * <p>Arguments: the two interface names.
 */
public final class MeshLinkLocalMain {

    private MeshLinkLocalMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        List<String> interfaces = List.of(args[0], args[1]);
        TestPki pki = TestPki.create(Files.createTempDirectory("mesh-netns-ca"));
        MeshSettings base = MeshSettings.builder().probeInterval(Duration.ofMillis(500))
                .probeTimeout(Duration.ofSeconds(1)).build();
        MeshStation[] stations = new MeshStation[2];
        long started = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            InetAddress address = linkLocal(interfaces.get(i));
            stations[i] = MeshStation.start(pki, address, base.extend().interfaces(List.of(interfaces.get(i)))
                    .build());
            out.println("SELF " + stations[i].id() + " " + interfaces.get(i) + " " + address.getHostAddress());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean found = false;
        while (!found && System.nanoTime() < deadline) {
            found = stations[0].discovery.peers().usable().containsKey(stations[1].id())
                    && stations[1].discovery.peers().usable().containsKey(stations[0].id());
            Thread.sleep(20);
        }
        out.println("DISCOVERED_MS " + (System.nanoTime() - started) / 1_000_000);
        for (int i = 0; i < 2; i++) {
            MeshStation observer = stations[i];
            String observerInterface = interfaces.get(i);
            observer.discovery.peers().get(stations[1 - i].id()).ifPresent(p -> out.println("FOUND " + observer.id()
                    + " " + observerInterface + " " + p.deviceId() + " " + p.address().getAddress().getHostAddress()
                    + " " + p.address().getPort() + " usable=" + p.usable()));
        }
        out.flush();
        Runtime.getRuntime().halt(found ? 0 : 2); // the namespace goes away with us: no mDNS goodbyes needed
    }

    /** The interface's IPv6 link-local address (with its scope), waiting for it to appear (accept_dad=0: ~10 ms). */
    static InetAddress linkLocal(String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif != null) {
                for (InetAddress a : List.copyOf(nif.inetAddresses().toList())) {
                    if (a instanceof Inet6Address && a.isLinkLocalAddress()) {
                        return a;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no IPv6 link-local address on " + name);
    }
}
