package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test peer that speaks SIP over a plain UDP socket, byte by byte, so tests can send what a real engine never
 * would (a 180 after the 200, a 200 after a CANCEL, broken SDP) and see exactly what the engine sends back.
 */
final class RawSipPeer implements AutoCloseable {

    static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

    final DatagramSocket socket;
    private final int enginePort;
    private final List<String> backlog = new ArrayList<>();

    RawSipPeer(int enginePort) throws IOException {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.enginePort = enginePort;
    }

    int port() {
        return socket.getLocalPort();
    }

    String uri() {
        return "sip:peer@127.0.0.1:" + port() + ";transport=udp";
    }

    void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), enginePort));
    }

    /** The next message whose first line starts with {@code startLine} (others are kept for later). */
    String await(String startLine) throws IOException {
        for (int i = 0; i < backlog.size(); i++) {
            if (backlog.get(i).startsWith(startLine)) {
                return backlog.remove(i);
            }
        }
        long deadline = System.currentTimeMillis() + 5000;
        byte[] buffer = new byte[65536];
        while (System.currentTimeMillis() < deadline) {
            socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (text.startsWith(startLine)) {
                return text;
            }
            backlog.add(text);
        }
        throw new AssertionError("no '" + startLine + "' within 5 s; got " + backlog);
    }

    /** The value of the first header {@code name} (full name, case-insensitive). */
    static String header(String message, String name) {
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + "\\s*:\\s*(.*?)\\r?$").matcher(message);
        assertThat(m.find()).as("header %s in %s", name, message).isTrue();
        return m.group(1);
    }

    static String body(String message) {
        int i = message.indexOf("\r\n\r\n");
        return i < 0 ? "" : message.substring(i + 4);
    }

    /** A response to {@code request} with our To tag, optional Contact and body. */
    String response(String request, int status, String reason, String body) {
        String to = header(request, "To");
        if (!to.contains("tag=")) {
            to = to + ";tag=peer1";
        }
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        Matcher vias = Pattern.compile("(?im)^Via\\s*:[^\\r\\n]*").matcher(request);
        while (vias.find()) {
            b.append(vias.group().trim()).append("\r\n");
        }
        b.append("From: ").append(header(request, "From")).append("\r\n")
                .append("To: ").append(to).append("\r\n")
                .append("Call-ID: ").append(header(request, "Call-ID")).append("\r\n")
                .append("CSeq: ").append(header(request, "CSeq")).append("\r\n")
                .append("Contact: <sip:peer@127.0.0.1:").append(port()).append(";transport=udp>\r\n");
        appendBody(b, body);
        return b.toString();
    }

    /** An out-of-dialog or in-dialog request from us to the engine. */
    String request(String method, String callId, int cseq, String toTag, String contentType, String body) {
        StringBuilder b = new StringBuilder(method).append(" sip:door@127.0.0.1:").append(enginePort)
                .append(";transport=udp SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP 127.0.0.1:").append(port()).append(";branch=z9hG4bK")
                .append(Long.toHexString(System.nanoTime())).append(";rport\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:peer@127.0.0.1>;tag=peertag\r\n")
                .append("To: <sip:door@127.0.0.1>").append(toTag == null ? "" : ";tag=" + toTag).append("\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n")
                .append("Contact: <sip:peer@127.0.0.1:").append(port()).append(";transport=udp>\r\n");
        if (contentType != null) {
            b.append("Content-Type: ").append(contentType).append("\r\n");
        }
        appendBody(b, body);
        return b.toString();
    }

    private static void appendBody(StringBuilder b, String body) {
        String content = body == null ? "" : body;
        if (!content.isEmpty() && !b.toString().contains("Content-Type")) {
            b.append("Content-Type: application/sdp\r\n");
        }
        b.append("Content-Length: ").append(content.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n")
                .append(content);
    }

    @Override
    public void close() {
        socket.close();
    }
}
