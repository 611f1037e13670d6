package org.openintercom.agent.sip;

/** Provisional progress of an outgoing call. */
public enum ProgressKind {
    /** 180 Ringing without media. */
    RINGING,
    /** 183 Session Progress (or 180) with SDP: early media flows. */
    EARLY_MEDIA
}
