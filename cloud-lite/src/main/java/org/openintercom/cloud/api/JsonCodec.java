package org.openintercom.cloud.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads request bodies into records and writes responses: unknown fields are ignored, malformed JSON and
 * values of the wrong type become a 400 that names the position or the field.
 */
final class JsonCodec {

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_ABSENT)
            .build();

    JsonCodec() {
        for (CoercionInputShape shape : new CoercionInputShape[] {
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** {@code body} as a {@code type}, or a 400 saying what is wrong. */
    <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw ApiError.badRequest("request body is empty; expected a JSON object");
        }
        try {
            return mapper.readValue(body, type);
        } catch (StreamReadException e) {
            throw ApiError.badRequest("malformed JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (MismatchedInputException e) {
            throw ApiError.badRequest(mismatch(e));
        } catch (JsonMappingException e) {
            throw ApiError.badRequest("cannot read" + field(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    /** {@code body} as a JSON tree. */
    JsonNode tree(byte[] body) {
        return read(body, JsonNode.class);
    }

    /** Parses stored JSON text (null stays null). */
    JsonNode parseStored(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not valid: " + e.getOriginalMessage(), e);
        }
    }

    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String mismatch(MismatchedInputException e) {
        if (e.getPath().isEmpty()) {
            return "request body must be a JSON object";
        }
        Class<?> target = e.getTargetType();
        String expected;
        if (target == null) {
            expected = "a different type";
        } else if (target.isEnum()) {
            expected = "one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        } else if (Number.class.isAssignableFrom(target) || target == long.class || target == int.class) {
            expected = "a number";
        } else if (target == String.class) {
            expected = "a string";
        } else if (target == Boolean.class || target == boolean.class) {
            expected = "true or false";
        } else if (JsonNode.class.isAssignableFrom(target)) {
            expected = "a JSON value";
        } else {
            expected = "a JSON object";
        }
        return "field '" + path(e) + "' has the wrong type: expected " + expected;
    }

    private static String field(JsonMappingException e) {
        return e.getPath().isEmpty() ? "" : " field '" + path(e) + "'";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
