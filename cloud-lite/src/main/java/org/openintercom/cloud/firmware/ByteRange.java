package org.openintercom.cloud.firmware;

import java.util.Optional;

/**
 * What an HTTP {@code Range} header asks of an object of a known size (RFC 9110, section 14): one range of
 * bytes ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}), the whole object (no header, another unit,
 * a malformed header or several ranges, which may be ignored), or nothing satisfiable (416).
 */
public sealed interface ByteRange {

    /** The whole object: answer 200. */
    record Whole() implements ByteRange {
    }

    /** Bytes {@code first..last} (inclusive): answer 206 with {@code Content-Range}. */
    record Part(long first, long last) implements ByteRange {
        public long length() {
            return last - first + 1;
        }

        /** The {@code Content-Range} value for an object of {@code size} bytes. */
        public String contentRange(long size) {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** No byte of the object is in the range: answer 416 with {@code Content-Range: bytes *}{@code /size}. */
    record Unsatisfiable() implements ByteRange {
    }

    /** The range {@code header} (may be null) asks of an object of {@code size} bytes. */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Whole();
        }
        String spec = h.substring(6).strip();
        if (spec.contains(",")) {
            return new Whole();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        Optional<Long> first = number(spec.substring(0, dash).strip());
        Optional<Long> last = number(spec.substring(dash + 1).strip());
        if (spec.substring(0, dash).isBlank()) {
            // suffix: the last n bytes
            if (last.isEmpty()) {
                return new Whole();
            }
            long n = last.get();
            if (n == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Part(Math.max(0, size - n), size - 1);
        }
        if (first.isEmpty() || (!spec.substring(dash + 1).isBlank() && last.isEmpty())) {
            return new Whole();
        }
        long a = first.get();
        if (last.isPresent() && last.get() < a) {
            return new Whole();
        }
        if (a >= size) {
            return new Unsatisfiable();
        }
        long b = last.isEmpty() ? size - 1 : Math.min(last.get(), size - 1);
        return new Part(a, b);
    }

    private static Optional<Long> number(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }
}
