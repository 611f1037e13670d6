package org.openintercom.simulator.meshlan;

import java.util.ArrayList;
import java.util.List;

/**
 * One emulated LAN (the recipe of FIELD-NOTES): a namespace holding the bridge {@code br0}, and namespaces attached to
 * it by veth pairs, each with its end named {@code lan0}, an IPv4 address in {@code 10.213.N.0/24} and its IPv6
 * link-local address (DAD off before the link exists, so it is usable at once; a distinct ifindex per namespace, so a
 * wrong scope id fails loudly). The test's own JVM reaches the LAN through a host port ({@code .254}, IPv4 only).
 * Closing deletes every namespace it made (the veth pairs go with them), also after a failure half-way.
 */
final class LanNetwork implements AutoCloseable {

    private final Ip ip;
    private final String prefix;
    private final int subnet;
    private final String bridge;
    private final List<String> namespaces = new ArrayList<>();
    private final String hostPort;

    private LanNetwork(Ip ip, String prefix, int subnet) {
        this.ip = ip;
        this.prefix = prefix;
        this.subnet = subnet;
        this.bridge = prefix + "-br";
        this.hostPort = "oih" + prefix.substring(prefix.length() - 5);
    }

    /** Makes the bridge namespace and the host port; skips the test without root or iproute2. */
    static LanNetwork create() {
        Ip ip = Ip.require();
        long pid = ProcessHandle.current().pid();
        String tag = String.format("%05d", (pid * 31 + System.nanoTime() / 1000) % 100_000);
        LanNetwork lan = new LanNetwork(ip, "oil" + tag, (int) (pid % 200) + 20);
        try {
            lan.namespace(lan.bridge);
            ip.run("-n", lan.bridge, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            ip.run("-n", lan.bridge, "link", "set", "br0", "up");
            // the host port: our JVM talks to the cloud's installer API through it (IPv4 only: not on the mesh)
            ip.run("link", "add", lan.hostPort, "type", "veth", "peer", "name", "phost", "netns", lan.bridge);
            ip.run("-n", lan.bridge, "link", "set", "phost", "master", "br0", "up");
            ip.command("sysctl", "-qw", "net.ipv6.conf." + lan.hostPort + ".disable_ipv6=1");
            ip.run("addr", "add", lan.address(254) + "/24", "dev", lan.hostPort);
            ip.run("link", "set", lan.hostPort, "up");
        } catch (RuntimeException e) {
            lan.close();
            throw e;
        }
        return lan;
    }

    /** The address of host {@code n} (1-254) on the LAN. */
    String address(int n) {
        return "10.213." + subnet + "." + n;
    }

    /**
     * Makes namespace {@code name} (suffixed with this LAN's prefix) attached to the bridge as host {@code n}; its
     * interface is {@code lan0}. Returns the namespace's full name.
     */
    String attach(String name, int n) {
        String ns = prefix + "-" + name;
        namespace(ns);
        String port = "p" + n;
        ip.run("-n", bridge, "link", "add", "lan0", "netns", ns, "index", String.valueOf(10 * n), "type", "veth",
                "peer", "name", port);
        ip.run("-n", bridge, "link", "set", port, "master", "br0", "up");
        ip.run("-n", ns, "addr", "add", address(n) + "/24", "dev", "lan0");
        ip.run("-n", ns, "link", "set", "lan0", "up");
        return ns;
    }

    private void namespace(String ns) {
        ip.run("netns", "add", ns);
        namespaces.add(ns);
        ip.run("-n", ns, "link", "set", "lo", "up");
        // DAD off before any link exists, or the link-local address stays tentative (unbindable) for ~1.25 s
        ip.inside(ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
    }

    Ip ip() {
        return ip;
    }

    @Override
    public void close() {
        for (String ns : namespaces.reversed()) {
            ip.quietly("netns", "del", ns);
        }
        ip.quietly("link", "del", hostPort); // gone with its peer normally
    }
}
