package org.openintercom.agent.sip.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.openintercom.agent.sip.SipTransport;

/**
 * Finds a free port for a transport. JAIN-SIP refuses port 0 ("bad port"), so "ephemeral" means: let the OS
 * pick a port, release it, and hand it to the stack (retried by the caller if another process took it meanwhile).
 */
final class EphemeralPorts {

    private EphemeralPorts() {
    }

    static int pick(InetAddress address, SipTransport transport) {
        try {
            if (transport == SipTransport.UDP) {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0))) {
                    return s.getLocalPort();
                }
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(address, 0));
                return s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free " + transport + " port on " + address, e);
        }
    }
}
