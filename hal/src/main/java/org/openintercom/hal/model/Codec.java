package org.openintercom.hal.model;

/**
 * Audio codecs a station's hardware supports, best first: the agent negotiates the one with the highest
 * audio bandwidth both sides support.
 */
public enum Codec {
    /** Opus, full band (48 kHz clock). */
    OPUS,
    /** G.722, wide band (16 kHz audio). */
    G722,
    /** G.711 A-law or µ-law, narrow band (8 kHz). */
    G711
}
