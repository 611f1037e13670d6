/**
 * The cloud's SIP call relay: a registrar (digest credentials for SIP phones, device certificates for stations)
 * and a transaction-stateful, record-routing, forking proxy on UDP, TCP and TLS. {@link
 * org.openintercom.cloud.calls.sip.SipRelay} is the entry point; the protocol flows are in docs/calls.md.
 */
package org.openintercom.cloud.calls.sip;
