package org.openintercom.hal.model;

/** Product family of a device model. */
public enum Family {
    /** Commend-style Symphony MX: IP stations with Opus, G.722 and G.711. */
    SYMPHONY_MX,
    /** Commend-style Symphony BF: compact stations with G.722 and G.711. */
    SYMPHONY_BF
}
