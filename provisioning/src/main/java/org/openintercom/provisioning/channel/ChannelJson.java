package org.openintercom.provisioning.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads and writes the JSON of device-channel messages: unknown fields are ignored (a newer peer may add
 * some), a wrong type or a missing required field is refused with the field's path in the message.
 */
public final class ChannelJson {

    /** Largest message accepted, in bytes. */
    public static final int MAX_BYTES = 256 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .serializationInclusion(JsonInclude.Include.NON_ABSENT)
            .build();

    private ChannelJson() {
    }

    /** The shared mapper, configured as described above (do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    public static String encodeToString(Object message) {
        return new String(encode(message), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Decodes {@code json} as {@code type}.
     *
     * @throws ChannelFormatException naming the field and the problem when the JSON is malformed, too
     *         large, of the wrong type or fails the message's own checks
     */
    public static <T> T decode(byte[] json, Class<T> type) {
        if (json.length > MAX_BYTES) {
            throw new ChannelFormatException(type.getSimpleName() + " of " + json.length
                    + " bytes is larger than the limit of " + MAX_BYTES + " bytes");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new ChannelFormatException(type.getSimpleName() + " is empty (JSON null)");
            }
            return value;
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            Throwable root = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String why = root == e ? e.getOriginalMessage() : root.getMessage();
            throw new ChannelFormatException(type.getSimpleName() + (path.isEmpty() ? "" : " field '" + path + "'")
                    + ": " + firstLine(why), e);
        } catch (JsonProcessingException e) {
            throw new ChannelFormatException(type.getSimpleName() + " is not valid JSON: "
                    + firstLine(e.getOriginalMessage()) + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr(), e);
        } catch (IOException e) {
            throw new ChannelFormatException(type.getSimpleName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    public static <T> T decode(String json, Class<T> type) {
        return decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
