package org.openintercom.cloud.calls.sip;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.net.InetAddress;

/** JAIN-SIP's UDP message processor with the relay's bounded {@link IntakeQueue} in place of its unbounded one. */
final class IntakeUdpProcessor extends UDPMessageProcessor {

    private final IntakeQueue intake;

    IntakeUdpProcessor(InetAddress address, SIPTransactionStack stack, int port, int capacity) throws IOException {
        super(address, stack, port);
        this.intake = new IntakeQueue(capacity);
        // the worker threads are made in start() and read this field at every take
        this.messageQueue = intake;
    }

    IntakeQueue intake() {
        return intake;
    }
}
