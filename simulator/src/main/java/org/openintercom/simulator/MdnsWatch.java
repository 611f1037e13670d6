package org.openintercom.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceListener;
import org.openintercom.agent.mesh.MeshDiscovery;

/**
 * A passive mDNS browser of the mesh service type on loopback, for the mesh benchmark: notes when each station's
 * service (named by its device id) was first resolved with its TXT record, i.e. when its announcement was on the
 * wire. Uses the JVM's mDNS port ({@code net.mdns.port}, set by the stations' discovery before it starts).
 */
final class MdnsWatch implements AutoCloseable {

    private final JmDNS jmdns;
    private final Map<String, Long> resolvedAt = new ConcurrentHashMap<>();

    private MdnsWatch(JmDNS jmdns) {
        this.jmdns = jmdns;
    }

    static MdnsWatch onLoopback() {
        try {
            String host = "oi-bench-watch";
            // an address that carries its host name: JmDNS does not reverse-resolve it (a 3 s stall without DNS)
            InetAddress address = InetAddress.getByAddress(host, InetAddress.getLoopbackAddress().getAddress());
            MdnsWatch watch = new MdnsWatch(JmDNS.create(address, host));
            watch.jmdns.addServiceListener(MeshDiscovery.SERVICE_TYPE, watch.new Listener());
            return watch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start an mDNS browser on loopback: " + e.getMessage(), e);
        }
    }

    /** When {@code deviceId}'s service was resolved with its TXT record (System.nanoTime()), or 0 if not (yet). */
    long resolvedAt(String deviceId) {
        return resolvedAt.getOrDefault(deviceId, 0L);
    }

    /** Forgets {@code deviceId}, so that its next announcement is noted afresh. */
    void forget(String deviceId) {
        resolvedAt.remove(deviceId);
    }

    @Override
    public void close() throws IOException {
        jmdns.close();
    }

    private final class Listener implements ServiceListener {
        @Override
        public void serviceAdded(ServiceEvent event) {
            event.getDNS().requestServiceInfo(event.getType(), event.getName(), 1);
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            resolvedAt.remove(event.getName());
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            byte[] txt = event.getInfo().getTextBytes();
            if (txt != null && txt.length > 1) {
                resolvedAt.putIfAbsent(event.getName(), System.nanoTime());
            }
        }
    }
}
