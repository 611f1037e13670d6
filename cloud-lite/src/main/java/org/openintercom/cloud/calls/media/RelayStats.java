package org.openintercom.cloud.calls.media;

/**
 * A snapshot of the whole relay's counters, over every session since it started.
 *
 * @param openSessions sessions open now
 * @param portPairsInUse RTP/RTCP port pairs bound now (two per open session)
 * @param sessionsOpened sessions opened since start
 * @param sessionsIdleClosed sessions closed because no media flowed for the idle timeout
 * @param callerToCallee packets and bytes forwarded from callers to callees
 * @param calleeToCaller packets and bytes forwarded from callees to callers
 * @param dropped packets not forwarded (see {@link SessionStats#dropped()})
 */
public record RelayStats(
        int openSessions,
        int portPairsInUse,
        long sessionsOpened,
        long sessionsIdleClosed,
        Flow callerToCallee,
        Flow calleeToCaller,
        long dropped) {
}
