package org.openintercom.agent.mesh;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * Encodes an announcement as a DNS-SD TXT record and decodes one strictly: every length bounded before anything is
 * decoded, UTF-8 checked, numbers parsed without overflow, unknown keys skipped (RFC 6763: keys compare without
 * case, the first of a repeated key counts). Decoding returns a rejection for anything malformed; it never throws.
 */
final class AnnouncementCodec {

    /** Largest TXT record accepted (RFC 6763 section 6.2: keep it within one packet). */
    static final int MAX_TXT_BYTES = 1300;

    private static final Map<String, Integer> VALUE_LIMITS = Map.of(
            MeshAnnouncement.KEY_VERSION, 3,
            MeshAnnouncement.KEY_DEVICE_ID, DeviceId.LENGTH,
            MeshAnnouncement.KEY_NAME, MeshAnnouncement.MAX_NAME_BYTES,
            MeshAnnouncement.KEY_MODEL, 32,
            MeshAnnouncement.KEY_FINGERPRINT, 64,
            MeshAnnouncement.KEY_PORT, 5);

    private AnnouncementCodec() {
    }

    static byte[] encode(Map<String, String> pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pairs.forEach((key, value) -> {
            byte[] entry = (key + "=" + value).getBytes(StandardCharsets.UTF_8);
            if (entry.length > 255) {
                throw new IllegalArgumentException("TXT entry '" + key + "' is longer than 255 bytes");
            }
            out.write(entry.length);
            out.writeBytes(entry);
        });
        return out.toByteArray();
    }

    static AnnouncementDecoding decode(byte[] txt) {
        try {
            return decodeChecked(txt);
        } catch (RuntimeException e) {
            // not expected: every path above returns a value; kept so that nothing reaches the mDNS threads
            return AnnouncementDecoding.rejected("cannot decode the TXT record: " + e.getClass().getSimpleName());
        }
    }

    private static AnnouncementDecoding decodeChecked(byte[] txt) {
        if (txt == null || txt.length == 0) {
            return AnnouncementDecoding.rejected("empty TXT record");
        }
        if (txt.length > MAX_TXT_BYTES) {
            return AnnouncementDecoding.rejected("TXT record of " + txt.length + " bytes (limit " + MAX_TXT_BYTES
                    + ")");
        }
        Map<String, String> values = new HashMap<>();
        int pos = 0;
        while (pos < txt.length) {
            int length = txt[pos] & 0xff;
            int start = pos + 1;
            if (start + length > txt.length) {
                return AnnouncementDecoding.rejected("TXT entry at byte " + pos + " runs past the end of the record");
            }
            pos = start + length;
            int eq = indexOf(txt, (byte) '=', start, start + length);
            String key = asciiKey(txt, start, eq < 0 ? start + length : eq);
            if (key == null || !VALUE_LIMITS.containsKey(key) || values.containsKey(key)) {
                continue; // unknown, malformed key or a repeat: skipped
            }
            if (eq < 0) {
                return AnnouncementDecoding.rejected("key '" + key + "' has no value");
            }
            int valueLength = start + length - eq - 1;
            if (valueLength > VALUE_LIMITS.get(key)) {
                return AnnouncementDecoding.rejected("value of '" + key + "' is " + valueLength + " bytes (limit "
                        + VALUE_LIMITS.get(key) + ")");
            }
            String value = utf8(txt, eq + 1, valueLength);
            if (value == null) {
                return AnnouncementDecoding.rejected("value of '" + key + "' is not valid UTF-8");
            }
            values.put(key, value);
        }
        return fromValues(values);
    }

    private static AnnouncementDecoding fromValues(Map<String, String> values) {
        for (String key : new String[] {MeshAnnouncement.KEY_VERSION, MeshAnnouncement.KEY_DEVICE_ID,
                MeshAnnouncement.KEY_NAME, MeshAnnouncement.KEY_MODEL, MeshAnnouncement.KEY_FINGERPRINT,
                MeshAnnouncement.KEY_PORT}) {
            if (!values.containsKey(key)) {
                return AnnouncementDecoding.rejected("missing key '" + key + "'");
            }
        }
        int version = number(values.get(MeshAnnouncement.KEY_VERSION));
        if (version < 0) {
            return AnnouncementDecoding.rejected("version '" + printable(values.get(MeshAnnouncement.KEY_VERSION))
                    + "' is not a number");
        }
        if (version != MeshAnnouncement.PROTOCOL_VERSION) {
            return AnnouncementDecoding.rejected("unknown mesh protocol version " + version);
        }
        String id = values.get(MeshAnnouncement.KEY_DEVICE_ID);
        if (!DeviceId.isValid(id)) {
            return AnnouncementDecoding.rejected("device id '" + printable(id) + "' is not a canonical device id");
        }
        String nameProblem = nameProblem(values.get(MeshAnnouncement.KEY_NAME));
        if (nameProblem != null) {
            return AnnouncementDecoding.rejected("display name " + nameProblem);
        }
        String model = values.get(MeshAnnouncement.KEY_MODEL);
        if (!MeshAnnouncement.MODEL.matcher(model).matches()) {
            return AnnouncementDecoding.rejected("model '" + printable(model) + "' is not a model token");
        }
        String fingerprint = values.get(MeshAnnouncement.KEY_FINGERPRINT).toLowerCase(Locale.ROOT);
        if (!MeshAnnouncement.FINGERPRINT.matcher(fingerprint).matches()) {
            return AnnouncementDecoding.rejected("fingerprint '" + printable(fingerprint)
                    + "' is not 64 hex digits");
        }
        int port = number(values.get(MeshAnnouncement.KEY_PORT));
        if (port < 1 || port > 65_535) {
            return AnnouncementDecoding.rejected("SIP TLS port '" + printable(values.get(MeshAnnouncement.KEY_PORT))
                    + "' is not 1-65535");
        }
        return AnnouncementDecoding.accepted(new MeshAnnouncement(id, values.get(MeshAnnouncement.KEY_NAME), model,
                fingerprint, version, port));
    }

    /** Why {@code name} is not a valid display name, or null. */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MeshAnnouncement.MAX_NAME_BYTES) {
            return "is " + bytes + " bytes (limit " + MeshAnnouncement.MAX_NAME_BYTES + ")";
        }
        if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            return "holds control or format characters";
        }
        return null;
    }

    /** A decimal number of at most five digits, or -1. */
    private static int number(String text) {
        if (text.isEmpty() || text.length() > 5) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static int indexOf(byte[] b, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** The key in lower case if it is 1-9 printable ASCII characters (RFC 6763 section 6.4), else null. */
    private static String asciiKey(byte[] b, int from, int to) {
        if (to <= from || to - from > 9) {
            return null;
        }
        StringBuilder key = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            if (b[i] < 0x20 || b[i] > 0x7e) {
                return null;
            }
            key.append((char) b[i]);
        }
        return key.toString().toLowerCase(Locale.ROOT);
    }

    private static String utf8(byte[] b, int from, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A peer's value made safe for the log: control characters replaced. */
    private static String printable(String value) {
        StringBuilder b = new StringBuilder(value.length());
        value.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT ? '?' : c));
        return b.toString();
    }
}
