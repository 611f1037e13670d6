package org.openintercom.cloud.calls.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.header.RetryAfter;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.io.IOException;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.sip.InvalidArgumentException;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overload control at the relay's door: while the oldest datagram in the UDP intake queue has waited longer than
 * {@value #WAIT} allows (200 ms: well before SIP's first retransmission at 500 ms, after which every late answer
 * brings more load), or more than half of that queue is waiting, or the stack holds more server transactions than
 * {@value #TRANSACTIONS} allows, a request that would start something new (an INVITE,
 * REGISTER, OPTIONS... without a To tag) is answered {@code 503 Service Unavailable} with {@code Retry-After} before
 * any transaction is made, so the work that remains goes to the calls already up: their ACKs, CANCELs, BYEs and
 * re-INVITEs always pass, and so do retransmissions of a request whose transaction exists (it answers them). Shedding is logged at most once a minute, with counts. Named in the stack's
 * {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE} property (hence public); the stack makes one per relay.
 */
public final class OverloadValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(OverloadValve.class);

    /** Stack property: server transactions above which new requests are refused. */
    static final String TRANSACTIONS = "org.openintercom.relay.OVERLOAD_SERVER_TRANSACTIONS";
    /** Stack property: how long the oldest UDP datagram may wait for a worker before new requests are refused, ms. */
    static final String WAIT = "org.openintercom.relay.OVERLOAD_WAIT_MS";
    /** Stack property: the Retry-After of a refusal, in seconds. */
    static final String RETRY_AFTER = "org.openintercom.relay.OVERLOAD_RETRY_AFTER";

    private static final long REPORT_EVERY_NANOS = 60_000_000_000L;

    private SipStackImpl stack;
    private int transactionLimit;
    private long waitLimitMillis;
    private int retryAfter;
    private final LongAdder refused = new LongAdder();
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - REPORT_EVERY_NANOS);
    private long refusedReported;
    private long droppedReported;

    /**
     * Sets the stack properties of the relay's overload control: a bounded UDP intake queue of {@code datagrams}
     * ({@link IntakeProcessorFactory}), and this valve refusing new requests while that queue is over half full or
     * the stack holds more than {@code transactionLimit} server transactions.
     */
    static void configure(Properties p, int datagrams, int transactionLimit) {
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", IntakeProcessorFactory.class.getName());
        p.setProperty(IntakeProcessorFactory.CAPACITY, Integer.toString(datagrams));
        p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE", OverloadValve.class.getName());
        p.setProperty(TRANSACTIONS, Integer.toString(transactionLimit));
        // the bounded queue replaces the age audit of JAIN-SIP's own, unbounded, one
        p.setProperty("gov.nist.javax.sip.CONGESTION_CONTROL_TIMEOUT", "0");
    }

    @Override
    public void init(SipStack sipStack) {
        this.stack = (SipStackImpl) sipStack;
        this.transactionLimit = Integer.parseInt(stack.getConfigurationProperties().getProperty(TRANSACTIONS,
                "80000"));
        this.retryAfter = Integer.parseInt(stack.getConfigurationProperties().getProperty(RETRY_AFTER, "2"));
        this.waitLimitMillis = Long.parseLong(stack.getConfigurationProperties().getProperty(WAIT, "200"));
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        if (!startsSomething(request) || !overloaded(channel) || retransmission(request)) {
            return true;
        }
        refused.increment();
        try {
            SIPResponse response = request.createResponse(Response.SERVICE_UNAVAILABLE, "Overloaded");
            response.getTo().setTag(UUID.randomUUID().toString().substring(0, 8));
            RetryAfter header = new RetryAfter();
            header.setRetryAfter(retryAfter);
            response.setHeader(header);
            channel.sendMessage(response);
        } catch (IOException | InvalidArgumentException | java.text.ParseException e) {
            LOG.debug("cannot answer an overload refusal to {}: {}", request.getFirstLine().strip(), e.toString());
        }
        report(channel);
        return false;
    }

    private static boolean startsSomething(SIPRequest request) {
        String method = request.getMethod();
        return request.getToTag() == null && !Request.ACK.equals(method) && !Request.CANCEL.equals(method)
                && !Request.PRACK.equals(method);
    }

    /** A retransmission of a request whose server transaction exists already: that transaction answers it. */
    private boolean retransmission(SIPRequest request) {
        return stack.findTransaction(request, true) != null
                || stack.findPendingTransaction(request.getTransactionId()) != null;
    }

    private boolean overloaded(MessageChannel channel) {
        if (channel.getMessageProcessor() instanceof IntakeUdpProcessor udp) {
            IntakeQueue q = udp.intake();
            if (q.oldestWaitMillis(System.currentTimeMillis()) > waitLimitMillis
                    || q.size() > (q.size() + q.remainingCapacity()) / 2) {
                return true;
            }
        }
        return stack.getServerTransactionTableSize() > transactionLimit;
    }

    /** New requests refused since the start. */
    long refused() {
        return refused.sum();
    }

    private void report(MessageChannel channel) {
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last < REPORT_EVERY_NANOS || !lastReport.compareAndSet(last, now)) {
            return;
        }
        long dropped = channel.getMessageProcessor() instanceof IntakeUdpProcessor udp ? udp.intake().dropped() : 0;
        long refusedNow = refused();
        synchronized (this) {
            LOG.warn("call relay overloaded: {} new requests refused with 503 and {} UDP datagrams dropped since the "
                    + "last report ({} server transactions)", refusedNow - refusedReported, dropped - droppedReported,
                    stack.getServerTransactionTableSize());
            refusedReported = refusedNow;
            droppedReported = dropped;
        }
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void destroy() {
        // nothing held
    }
}
