package org.openintercom.cloud.calls.media;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * A snapshot of one relayed call's counters.
 *
 * @param callId the SIP Call-ID the session was opened with
 * @param callerToCallee RTP and RTCP forwarded from the caller's leg to the callee
 * @param calleeToCaller RTP and RTCP forwarded from the callee's leg to the caller
 * @param dropped packets not forwarded: foreign source, neither RTP/RTCP version 2 nor DTLS, no destination known
 *        yet, or the socket's send buffer full
 * @param callerSource the source the caller's RTP is latched to, if any packet came
 * @param calleeSource the source the callee's RTP is latched to, if any packet came
 * @param closed whether the session is closed
 */
public record SessionStats(
        String callId,
        Flow callerToCallee,
        Flow calleeToCaller,
        long dropped,
        Optional<InetSocketAddress> callerSource,
        Optional<InetSocketAddress> calleeSource,
        boolean closed) {
}
