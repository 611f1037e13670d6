/**
 * The media relay of the cloud call relay: each call's RTP/RTCP (SRTP passes through unchanged) is anchored on the
 * cloud so phones behind NAT reach each other. A {@link org.openintercom.cloud.calls.media.MediaRelay} opens a
 * {@link org.openintercom.cloud.calls.media.RelaySession} per call with a caller leg and a callee leg, each an even
 * RTP port and RTCP on the port above, taken from a configured range; packets are forwarded between the legs with
 * symmetric-RTP latching. {@link org.openintercom.cloud.calls.media.SdpRewriter} reads where a phone receives its
 * audio and rewrites the offer and answer so both phones send to the relay.
 *
 * <pre>
 *  caller phone --RTP--> [caller leg port] relay [callee leg port] --RTP--> callee phone
 *               <--RTP--                                           <--RTP--
 *  INVITE from the caller:    body = session.rewriteFromCaller(body, sourceIp)
 *  18x/2xx from a callee:     body = session.rewriteFromCallee(body, sourceIp, is2xxOfTheInvite)
 *  BYE/CANCEL/final failure:  session.close()        idle media: MediaRelayListener.sessionIdle
 * </pre>
 */
package org.openintercom.cloud.calls.media;
