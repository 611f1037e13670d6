package org.openintercom.simulator.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bencode, the encoding of rtpengine's ng control protocol: strings ({@code 4:spam}), integers ({@code i42e}),
 * lists ({@code l...e}) and dictionaries ({@code d...e}, keys sorted when encoded). In Java: {@link String} (UTF-8
 * on the wire), {@link Long} (any {@link Number} or {@link Integer} when encoding), {@link List} and {@link Map} with
 * string keys.
 */
final class Bencode {

    private Bencode() {
    }

    /** The bencoded bytes of {@code value}. */
    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(value, out);
        return out.toByteArray();
    }

    /**
     * The value of {@code bytes[offset..]}, which must hold exactly one value.
     *
     * @throws IllegalArgumentException naming the position when the bytes are not bencode
     */
    static Object decode(byte[] bytes, int offset) {
        Reader reader = new Reader(bytes, offset);
        Object value = reader.value();
        if (reader.position != bytes.length) {
            throw new IllegalArgumentException("bencode: " + (bytes.length - reader.position)
                    + " bytes after the value at " + reader.position);
        }
        return value;
    }

    private static void encode(Object value, ByteArrayOutputStream out) {
        switch (value) {
            case String s -> {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(bytes);
            }
            case Long n -> out.writeBytes(("i" + n + "e").getBytes(StandardCharsets.US_ASCII));
            case Integer n -> out.writeBytes(("i" + n + "e").getBytes(StandardCharsets.US_ASCII));
            case List<?> list -> {
                out.write('l');
                list.forEach(item -> encode(item, out));
                out.write('e');
            }
            case Map<?, ?> map -> {
                out.write('d');
                Map<String, Object> sorted = new TreeMap<>();
                map.forEach((k, v) -> {
                    if (!(k instanceof String key)) {
                        throw new IllegalArgumentException("bencode: dictionary key " + k + " is not a string");
                    }
                    sorted.put(key, v);
                });
                sorted.forEach((k, v) -> {
                    encode(k, out);
                    encode(v, out);
                });
                out.write('e');
            }
            case null -> throw new IllegalArgumentException("bencode: null cannot be encoded");
            default -> throw new IllegalArgumentException("bencode: cannot encode a " + value.getClass().getName());
        }
    }

    /** A cursor over the bytes being decoded. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        Object value() {
            byte b = peek();
            return switch (b) {
                case 'i' -> {
                    position++;
                    yield Long.parseLong(until('e'));
                }
                case 'l' -> {
                    position++;
                    List<Object> list = new ArrayList<>();
                    while (peek() != 'e') {
                        list.add(value());
                    }
                    position++;
                    yield list;
                }
                case 'd' -> {
                    position++;
                    Map<String, Object> map = new LinkedHashMap<>();
                    while (peek() != 'e') {
                        int at = position;
                        if (!(value() instanceof String key)) {
                            throw new IllegalArgumentException("bencode: dictionary key at " + at
                                    + " is not a string");
                        }
                        map.put(key, value());
                    }
                    position++;
                    yield map;
                }
                default -> {
                    if (b < '0' || b > '9') {
                        throw new IllegalArgumentException("bencode: unexpected '" + (char) b + "' at " + position);
                    }
                    int length = Integer.parseInt(until(':'));
                    if (length < 0 || length > bytes.length - position) {
                        throw new IllegalArgumentException("bencode: string of " + length + " bytes at "
                                + position + " runs past the end");
                    }
                    String s = new String(bytes, position, length, StandardCharsets.UTF_8);
                    position += length;
                    yield s;
                }
            };
        }

        private byte peek() {
            if (position >= bytes.length) {
                throw new IllegalArgumentException("bencode: truncated at " + position);
            }
            return bytes[position];
        }

        /** The ASCII text up to {@code end} (consumed), checked to be an integer. */
        private String until(char end) {
            int start = position;
            while (peek() != end) {
                position++;
            }
            String text = new String(bytes, start, position - start, StandardCharsets.US_ASCII);
            position++;
            if (!text.matches("-?\\d+")) {
                throw new IllegalArgumentException("bencode: '" + text + "' at " + start + " is not an integer");
            }
            return text;
        }
    }
}
