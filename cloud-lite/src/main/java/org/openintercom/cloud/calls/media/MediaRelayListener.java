package org.openintercom.cloud.calls.media;

/**
 * What the relay tells the proxy on its own initiative. Called on a fresh virtual thread, never the relay's I/O
 * thread, so it may block (e.g. to send a BYE).
 */
@FunctionalInterface
public interface MediaRelayListener {

    /** Ignores every event. */
    MediaRelayListener NONE = stats -> { };

    /**
     * No media flowed through the session for the idle timeout; it is closed already (ports returned). The proxy
     * should end the call.
     */
    void sessionIdle(SessionStats stats);
}
