package org.openintercom.cloud.calls.sip;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.ListeningPointImpl;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay's overload control on a real JAIN-SIP stack, with a phone that is a plain UDP socket. */
class OverloadValveTest {

    private SipStack stack;
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void a_busy_relay_refuses_new_requests_with_503_and_retry_after_but_lets_calls_in_progress_go_on()
            throws Exception {
        int port = start(-1); // more transactions than the limit: busy
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            phone.setSoTimeout(3000);
            RawSip.send(phone, port, request("INVITE", phone.getLocalPort(), null));
            String answer = RawSip.receive(phone);
            assertThat(answer).startsWith("SIP/2.0 503 Overloaded\r\n").contains("\r\nRetry-After: 2\r\n")
                    .containsPattern("\r\nTo: <sip:hall@relay>;tag=[0-9a-f]{8}\r\n");

            RawSip.send(phone, port, request("BYE", phone.getLocalPort(), "abc123"));
            long deadline = System.currentTimeMillis() + 3000;
            while (heard.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(heard).containsExactly("BYE");
        }
        IntakeUdpProcessor udp = (IntakeUdpProcessor) ((ListeningPointImpl) stack.getListeningPoints().next())
                .getMessageProcessor();
        assertThat(udp.intake().dropped()).isZero();
    }

    @Test
    void a_relay_with_room_serves_new_requests() throws Exception {
        int port = start(80_000);
        try (DatagramSocket phone = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            RawSip.send(phone, port, request("OPTIONS", phone.getLocalPort(), null));
            long deadline = System.currentTimeMillis() + 3000;
            while (heard.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(heard).containsExactly("OPTIONS");
        }
    }

    @Test
    void the_intake_queue_keeps_only_each_datagrams_bytes_and_drops_what_does_not_fit() {
        IntakeQueue q = new IntakeQueue(2);
        byte[] big = new byte[65536];
        big[0] = 'x';
        assertThat(q.offer(new gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch(new DatagramPacket(big, 0, 1),
                0))).isTrue();
        assertThat(q.peek().packet.getData()).containsExactly('x');
        assertThat(q.offer(new gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch(new DatagramPacket(big, 1),
                0))).isTrue();
        assertThat(q.offer(new gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch(new DatagramPacket(big, 1),
                0))).isFalse();
        assertThat(q.dropped()).isEqualTo(1);
        assertThat(q).hasSize(2);
        assertThat(q.oldestWaitMillis(250)).as("the oldest was received at 0").isEqualTo(250);
        q.clear();
        assertThat(q.oldestWaitMillis(250)).isZero();
    }

    private int start(int transactionLimit) throws Exception {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "overload-test-" + System.nanoTime());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", JainSipLog.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", JainSipLog.class.getName());
        OverloadValve.configure(p, 64, transactionLimit);
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        stack = factory.createSipStack(p);
        int free;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            free = s.getLocalPort();
        }
        ListeningPoint lp = stack.createListeningPoint("127.0.0.1", free, "udp");
        SipProvider provider = stack.createSipProvider(lp);
        provider.addSipListener(new SipListener() {
            @Override
            public void processRequest(RequestEvent e) {
                heard.add(e.getRequest().getMethod());
            }

            @Override
            public void processResponse(ResponseEvent e) {
            }

            @Override
            public void processTimeout(TimeoutEvent e) {
            }

            @Override
            public void processIOException(IOExceptionEvent e) {
            }

            @Override
            public void processTransactionTerminated(TransactionTerminatedEvent e) {
            }

            @Override
            public void processDialogTerminated(DialogTerminatedEvent e) {
            }
        });
        return lp.getPort();
    }

    private static String request(String method, int from, String toTag) {
        return method + " sip:hall@relay SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + from + ";branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:door@relay>;tag=door1\r\n"
                + "To: <sip:hall@relay>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: overload-" + System.nanoTime() + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Contact: <sip:door@127.0.0.1:" + from + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
    }


}
