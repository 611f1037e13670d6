package org.openintercom.agent.media;

/** What a media session reports. Called on media threads; must not block. */
@FunctionalInterface
public interface MediaListener {

    /** A complete RFC 4733 DTMF event was received (reported once per event, at its end or first packet). */
    void onDtmf(char digit);
}
