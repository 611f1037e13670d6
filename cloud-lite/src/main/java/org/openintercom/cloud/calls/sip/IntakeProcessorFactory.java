package org.openintercom.cloud.calls.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;

/**
 * Makes the relay's message processors: JAIN-SIP's own for TCP and TLS, an {@link IntakeUdpProcessor} (bounded
 * queue) for UDP. Named in the stack's {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY} property, which is why it
 * is public; the queue's capacity is the stack property {@value #CAPACITY}.
 */
public final class IntakeProcessorFactory extends OIOMessageProcessorFactory {

    /** Stack property: how many datagrams may wait for a SIP worker. */
    static final String CAPACITY = "org.openintercom.relay.UDP_INTAKE_DATAGRAMS";

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
            String transport) throws IOException {
        if (!"udp".equalsIgnoreCase(transport)) {
            return super.createMessageProcessor(stack, address, port, transport);
        }
        String capacity = ((SipStackImpl) stack).getConfigurationProperties().getProperty(CAPACITY);
        if (capacity == null) {
            throw new IllegalStateException("stack property " + CAPACITY + " is not set");
        }
        IntakeUdpProcessor processor = new IntakeUdpProcessor(address, stack, port, Integer.parseInt(capacity));
        markUdp(stack);
        return processor;
    }

    /**
     * Does what JAIN-SIP's own factory does after making a UDP processor: sets the stack's package-private
     * {@code udpFlag}, without which UDP messages are sent from a fresh socket (another source port) instead of the
     * listening one. Fails at start, naming the field, should a JAIN-SIP version lack it.
     */
    private static void markUdp(SIPTransactionStack stack) {
        try {
            Field flag = SIPTransactionStack.class.getDeclaredField("udpFlag");
            flag.setAccessible(true);
            flag.setBoolean(stack, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot set SIPTransactionStack.udpFlag of this JAIN-SIP version (the "
                    + "relay's UDP intake needs it): " + e, e);
        }
    }
}
