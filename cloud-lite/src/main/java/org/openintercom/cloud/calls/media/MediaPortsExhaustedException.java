package org.openintercom.cloud.calls.media;

/**
 * No RTP/RTCP port pair could be bound: every pair of the range is in use by the relay or by other processes.
 * The proxy answers the call with 503 Service Unavailable.
 */
public final class MediaPortsExhaustedException extends RuntimeException {

    MediaPortsExhaustedException(String message) {
        super(message);
    }
}
