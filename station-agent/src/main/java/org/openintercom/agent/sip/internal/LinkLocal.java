package org.openintercom.agent.sip.internal;

import gov.nist.core.Host;
import gov.nist.core.HostPort;
import gov.nist.javax.sip.ListeningPointImpl;
import gov.nist.javax.sip.stack.MessageProcessor;
import java.lang.reflect.Field;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import javax.sip.ListeningPoint;

/**
 * IPv6 link-local addresses without their scope, as SIP URIs and SDP carry them (JAIN-SIP refuses a scope in a URI):
 * an engine bound to a link-local address reaches such a peer through its own interface, so the peer's address
 * takes the scope of the engine's.
 */
final class LinkLocal {

    private LinkLocal() {
    }

    /** Whether {@code address} is an IPv6 link-local address that names its interface. */
    static boolean scoped(InetAddress address) {
        return address instanceof Inet6Address v6 && v6.isLinkLocalAddress()
                && (v6.getScopedInterface() != null || v6.getScopeId() != 0);
    }

    /** {@code target} with the scope of {@code local} if {@code target} is link-local without one; else itself. */
    static InetAddress through(InetAddress target, InetAddress local) {
        if (!(target instanceof Inet6Address t) || !t.isLinkLocalAddress() || scoped(t) || !scoped(local)) {
            return target;
        }
        Inet6Address own = (Inet6Address) local;
        try {
            return own.getScopedInterface() != null
                    ? Inet6Address.getByAddress(null, t.getAddress(), own.getScopedInterface())
                    : Inet6Address.getByAddress(null, t.getAddress(), own.getScopeId());
        } catch (UnknownHostException e) {
            return target; // cannot happen: 16 bytes
        }
    }

    static InetSocketAddress through(InetSocketAddress target, InetAddress local) {
        InetAddress address = through(target.getAddress(), local);
        return address == target.getAddress() ? target : new InetSocketAddress(address, target.getPort());
    }

    /**
     * Makes the Via that JAIN-SIP writes itself for {@code lp} (in-dialog requests, ACK) carry its address without
     * the scope, which peers cannot parse. {@code ListeningPoint.setSentBy} cannot do it: it splits host and port at
     * the first colon, so it refuses every IPv6 address; hence the stack's own fields, set by reflection.
     *
     * @throws IllegalStateException if this JAIN-SIP has no such fields
     */
    static void sentByWithoutScope(ListeningPoint lp) {
        MessageProcessor processor = ((ListeningPointImpl) lp).getMessageProcessor();
        String host = SipMessages.unscoped(processor.getIpAddress().getHostAddress());
        HostPort sentBy = new HostPort();
        sentBy.setHost(new Host(host));
        sentBy.setPort(processor.getPort());
        try {
            set(processor, "sentByHostPort", sentBy);
            set(processor, "sentBy", "[" + host + "]:" + processor.getPort());
            set(processor, "sentBySet", true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot set the Via sent-by of a link-local listening point: " + e, e);
        }
    }

    private static void set(MessageProcessor processor, String field, Object value)
            throws ReflectiveOperationException {
        Field f = MessageProcessor.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(processor, value);
    }
}
