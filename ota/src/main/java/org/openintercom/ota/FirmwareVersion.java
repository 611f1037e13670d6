package org.openintercom.ota;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A firmware version {@code MAJOR.MINOR.PATCH[-PRERELEASE]}, ordered like Semantic Versioning 2.0 (a
 * pre-release sorts before its release; numeric pre-release identifiers compare as numbers).
 */
public record FirmwareVersion(int major, int minor, int patch, String preRelease)
        implements Comparable<FirmwareVersion> {

    private static final Pattern TEXT = Pattern.compile(
            "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

    public FirmwareVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must not be negative");
        }
        if (preRelease != null && !preRelease.matches("[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*")) {
            throw new IllegalArgumentException("pre-release '" + preRelease + "' must be dot-separated letters, "
                    + "digits and '-'");
        }
    }

    /**
     * Parses {@code 1.4.2} or {@code 2.0.0-rc.1}.
     *
     * @throws IllegalArgumentException if the text is not such a version
     */
    @JsonCreator
    public static FirmwareVersion parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a firmware version like 1.4.2 or 2.0.0-rc.1");
        }
        return new FirmwareVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), m.group(4));
    }

    /** Whether this version is newer than {@code other}. */
    public boolean isNewerThan(FirmwareVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(FirmwareVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch, o.patch);
        }
        return c != 0 ? c : comparePreRelease(preRelease, o.preRelease);
    }

    private static int comparePreRelease(String a, String b) {
        if (Objects.equals(a, b)) {
            return 0;
        }
        if (a == null) {
            return 1;
        }
        if (b == null) {
            return -1;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = compareIdentifier(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit);
        boolean bn = b.chars().allMatch(Character::isDigit);
        if (an && bn) {
            return new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return a.compareTo(b);
    }

    @JsonValue
    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease == null ? "" : "-" + preRelease);
    }
}
