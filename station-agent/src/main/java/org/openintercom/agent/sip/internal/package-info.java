/**
 * The JAIN-SIP adapter of {@link org.openintercom.agent.sip.CallEngine}. Internal: create it through
 * {@link org.openintercom.agent.sip.CallEngines}. All call state lives on one engine thread; the UAC half is
 * {@code OutgoingCalls}, the UAS half {@code IncomingCalls}, and {@code SipEventDispatcher} routes stack events.
 */
package org.openintercom.agent.sip.internal;
