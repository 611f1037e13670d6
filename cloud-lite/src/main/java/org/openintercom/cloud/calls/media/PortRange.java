package org.openintercom.cloud.calls.media;

/**
 * The UDP ports the relay may bind, {@code min..max} inclusive. RTP uses the even ports and RTCP the odd port just
 * above (RFC 3550 section 11), so the range must hold at least one even port whose successor is in it too.
 */
public record PortRange(int min, int max) {

    /** The default range, 10000..50000: 20000 RTP/RTCP pairs, two pairs per call. */
    public static final PortRange DEFAULT = new PortRange(10000, 50000);

    public PortRange {
        if (min < 1024 || min > 65535) {
            throw new IllegalArgumentException("media port range: min " + min + " is outside 1024..65535");
        }
        if (max < 1024 || max > 65535) {
            throw new IllegalArgumentException("media port range: max " + max + " is outside 1024..65535");
        }
        if (min > max) {
            throw new IllegalArgumentException("media port range: min " + min + " is above max " + max);
        }
        if (firstEven(min) + 1 > max) {
            throw new IllegalArgumentException("media port range: " + min + ".." + max
                    + " holds no even RTP port with its RTCP port above it");
        }
    }

    /** How many RTP/RTCP pairs the range holds. */
    public int pairs() {
        return (max - firstEven(min) + 1) / 2;
    }

    /** The RTP port of pair {@code index} (0-based). */
    int rtpPort(int index) {
        return firstEven(min) + 2 * index;
    }

    private static int firstEven(int port) {
        return (port & 1) == 0 ? port : port + 1;
    }

    @Override
    public String toString() {
        return min + ".." + max;
    }
}
