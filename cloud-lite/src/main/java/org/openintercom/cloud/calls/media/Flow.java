package org.openintercom.cloud.calls.media;

/** Packets and bytes (UDP payload) forwarded in one direction. */
public record Flow(long packets, long bytes) {

    public static final Flow NONE = new Flow(0, 0);

    Flow plus(Flow other) {
        return new Flow(packets + other.packets, bytes + other.bytes);
    }
}
