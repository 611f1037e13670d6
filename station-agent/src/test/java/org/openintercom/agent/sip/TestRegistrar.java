package org.openintercom.agent.sip;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openintercom.agent.interop.TestStations;
import org.openintercom.agent.tls.DemoPki;

/**
 * A minimal registrar on a JAIN-SIP stack of its own (TLS needs two stacks): answers every REGISTER 200 with
 * the request's Contact and {@code granted} seconds, and keeps what it received for the test to check.
 */
final class TestRegistrar implements SipListener, AutoCloseable {

    /** One REGISTER as the registrar saw it. */
    record Seen(String callId, long cseq, int expires, String contact, String viaTransport) {
    }

    private final SipStack stack;
    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final int granted;
    final int port;
    final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

    TestRegistrar(SipTransport transport, int granted, DemoPki pki) throws Exception {
        this.granted = granted;
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "test-registrar-" + System.nanoTime());
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", "org.openintercom.agent.sip.internal.Slf4jStackLogger");
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", "org.openintercom.agent.sip.internal.Slf4jServerLogger");
        if (transport == SipTransport.TLS) {
            Path keyStore = pki.station("registrar");
            p.setProperty("javax.net.ssl.keyStore", keyStore.toString());
            p.setProperty("javax.net.ssl.keyStorePassword", DemoPki.PASSWORD);
            p.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
            p.setProperty("javax.net.ssl.trustStore", pki.trustStore().toString());
            p.setProperty("javax.net.ssl.trustStorePassword", DemoPki.PASSWORD);
            p.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            p.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", "TLS_AES_128_GCM_SHA256,"
                    + "TLS_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,"
                    + "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.2,TLSv1.3");
            p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Enabled");
        }
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        stack = factory.createSipStack(p);
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
        this.port = TestStations.freePort();
        ListeningPoint lp = stack.createListeningPoint("127.0.0.1", port, transport.uriParameter());
        provider = stack.createSipProvider(lp);
        provider.addSipListener(this);
        stack.start();
    }

    String uri(SipTransport transport) {
        return "sip:127.0.0.1:" + port + ";transport=" + transport.uriParameter();
    }

    Seen next() throws InterruptedException {
        Seen s = seen.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("no REGISTER within 10 s");
        }
        return s;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        if (!request.getMethod().equals(Request.REGISTER)) {
            return;
        }
        try {
            ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
            ExpiresHeader expires = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
            seen.add(new Seen(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(),
                    ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber(),
                    expires == null ? -1 : expires.getExpires(), contact.getAddress().getURI().toString(),
                    ((ViaHeader) request.getHeader(ViaHeader.NAME)).getTransport()));
            Response ok = messages.createResponse(200, request);
            if (expires == null || expires.getExpires() > 0) {
                ContactHeader bound = headers.createContactHeader(contact.getAddress());
                bound.setExpires(granted);
                ok.addHeader(bound);
            }
            provider.getNewServerTransaction(request).sendResponse(ok);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }

    @Override
    public void close() {
        stack.stop();
    }
}
