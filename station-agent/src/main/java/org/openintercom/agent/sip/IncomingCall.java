package org.openintercom.agent.sip;

/**
 * A call offered to this station. {@code from} is the caller's SIP URI, {@code fromDisplayName} the display
 * name (empty if none), {@code to} the URI that was called.
 */
public record IncomingCall(String callId, String from, String fromDisplayName, String to, SipTransport transport) {
}
