/**
 * The media (RTP/SRTP audio) of calls: ports ({@link org.openintercom.agent.media.MediaFactory},
 * {@link org.openintercom.agent.media.MediaSession}), the values SDP negotiates, and the RTP adapter
 * {@link org.openintercom.agent.media.RtpMediaFactory}.
 *
 * <p>Use from a call engine:
 * <pre>{@code
 * MediaFactory media = new RtpMediaFactory(MediaConfig.builder().bindAddress(lanAddress).build());
 * MediaSession session = media.open(microphone, speaker);          // binds an even port from the range
 * int port = session.localPort();                                  // write it into the SDP (m=audio)
 * byte[] ourKey = SrtpKeys.generateKeyAndSalt();                   // a=crypto:1 AES_CM_128_HMAC_SHA1_80
 * String inline = SrtpKeys.toInline(ourKey);                       //   inline:...
 * // ... offer/answer ...
 * session.start(new MediaParameters(RtpCodec.G722, 101, remoteRtp,
 *         Optional.of(SrtpKeys.aesCm128(ourKey, SrtpKeys.fromInline(theirInline)))), digit -> ...);
 * session.sendDtmf('5');
 * session.close();                                                 // at BYE; idempotent
 * }</pre>
 *
 * <p>Threads: each started session has a daemon tick thread {@code rtp-tick-<port>} (send and play every 20 ms)
 * and a daemon receiver thread {@code rtp-rx-<port>}; {@link org.openintercom.agent.media.MediaListener} is
 * called on the receiver thread. Telephone-event timing uses the audio codec's RTP clock, so with Opus offer
 * {@code telephone-event/48000}.
 */
package org.openintercom.agent.media;
