package org.openintercom.simulator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Just enough of a SIP message for the benchmark's callees: the start line, the header lines as they came (Via
 * lines kept in order), and a response built from a request by copying Via, From, To, Call-ID and CSeq.
 */
record SipMessage(String startLine, List<String> headerLines) {

    /** Parses {@code text}; null if it is not a SIP message. */
    static SipMessage parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String[] lines = head.split("\r\n");
        if (lines.length == 0 || !(lines[0].startsWith("SIP/2.0 ") || lines[0].endsWith(" SIP/2.0"))) {
            return null;
        }
        List<String> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            boolean folded = !lines[i].isEmpty() && (lines[i].charAt(0) == ' ' || lines[i].charAt(0) == '\t');
            if (folded && !headers.isEmpty()) {
                headers.set(headers.size() - 1, headers.get(headers.size() - 1) + " " + lines[i].strip());
            } else {
                headers.add(lines[i]);
            }
        }
        return new SipMessage(lines[0], headers);
    }

    boolean isResponse() {
        return startLine.startsWith("SIP/2.0 ");
    }

    int status() {
        return Integer.parseInt(startLine.substring(8, 11));
    }

    String method() {
        return startLine.substring(0, startLine.indexOf(' '));
    }

    /** The method named in CSeq. */
    String cseqMethod() {
        String cseq = header("CSeq");
        return cseq.substring(cseq.lastIndexOf(' ') + 1);
    }

    /** The value of the first header {@code name} (or its compact form), "" if absent. */
    String header(String name) {
        for (String line : headerLines) {
            if (is(line, name)) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "";
    }

    private static boolean is(String line, String name) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String n = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        return n.equals(name.toLowerCase(Locale.ROOT)) || n.equals(compact(name));
    }

    private static String compact(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "via" -> "v";
            case "from" -> "f";
            case "to" -> "t";
            case "call-id" -> "i";
            case "contact" -> "m";
            default -> "";
        };
    }

    /**
     * A response to this request: its Via lines, From, To (with {@code toTag} added when given and absent), Call-ID,
     * CSeq, an optional Contact, no body.
     */
    String response(int status, String reason, String toTag, String contact) {
        StringBuilder r = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String line : headerLines) {
            if (is(line, "Via")) {
                r.append(line).append("\r\n");
            }
        }
        r.append("From: ").append(header("From")).append("\r\n");
        String to = header("To");
        r.append("To: ").append(to);
        if (toTag != null && !to.contains(";tag=")) {
            r.append(";tag=").append(toTag);
        }
        r.append("\r\n");
        r.append("Call-ID: ").append(header("Call-ID")).append("\r\n");
        r.append("CSeq: ").append(header("CSeq")).append("\r\n");
        if (contact != null) {
            r.append("Contact: ").append(contact).append("\r\n");
        }
        return r.append("Content-Length: 0\r\n\r\n").toString();
    }
}
