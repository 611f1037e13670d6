package org.openintercom.ota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.stream.Collectors;
import org.openintercom.provisioning.channel.ChannelJson;

/**
 * Writes a manifest as its canonical bytes (UTF-8 JSON, fields in declaration order, no whitespace, absent
 * options left out) and reads manifests tolerantly: unknown fields are ignored, a wrong type or a missing
 * field is refused naming the field.
 */
public final class ManifestJson {

    /** Largest manifest accepted: 8 MiB (a 400 MB image in 4 KiB chunks needs about 7 MB of digests). */
    public static final int MAX_BYTES = 8 << 20;

    private static final ObjectMapper MAPPER = ChannelJson.mapper();

    private ManifestJson() {
    }

    /** The canonical bytes of {@code manifest}: the bytes a bundle stores and its signature covers. */
    public static byte[] encode(Manifest manifest) {
        try {
            return MAPPER.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a manifest: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a manifest.
     *
     * @throws ManifestFormatException naming the field and the problem
     */
    public static Manifest decode(byte[] json) {
        checkSize(json);
        try {
            Manifest m = MAPPER.readValue(json, Manifest.class);
            if (m == null) {
                throw new ManifestFormatException("manifest is empty (JSON null)");
            }
            return m;
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String why = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new ManifestFormatException("manifest" + (path.isEmpty() ? "" : " field '" + path + "'") + ": "
                    + firstLine(why), e);
        } catch (JsonProcessingException e) {
            throw new ManifestFormatException("manifest is not valid JSON: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ManifestFormatException("manifest cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code formatVersion} of a manifest, read before anything else so that a newer format is told
     * apart from a malformed one.
     *
     * @throws ManifestFormatException if the JSON is not an object with an integer formatVersion
     */
    public static int formatVersion(byte[] json) {
        checkSize(json);
        try {
            JsonNode tree = MAPPER.readTree(json);
            JsonNode v = tree == null ? null : tree.get("formatVersion");
            if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
                throw new ManifestFormatException("manifest field 'formatVersion': missing or not an integer");
            }
            return v.intValue();
        } catch (JsonProcessingException e) {
            throw new ManifestFormatException("manifest is not valid JSON: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ManifestFormatException("manifest cannot be read: " + e.getMessage(), e);
        }
    }

    private static void checkSize(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new ManifestFormatException("manifest of " + json.length + " bytes is larger than the limit of "
                    + MAX_BYTES + " bytes");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
