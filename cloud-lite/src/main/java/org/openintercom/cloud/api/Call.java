package org.openintercom.cloud.api;

import java.util.Map;
import org.openintercom.cloud.auth.Principal;
import org.openintercom.provisioning.claim.DeviceId;

/** One HTTP request as a handler sees it: the caller, path and query parameters, and the body. */
record Call(Principal caller, Map<String, String> pathParams, Map<String, String> query, byte[] body, JsonCodec json) {

    /** The body as a {@code type}. */
    <T> T body(Class<T> type) {
        return json.read(body, type);
    }

    /** A path parameter that must be a number. */
    long longParam(String name) {
        return parseLong(name, pathParams.get(name), "path parameter");
    }

    /** A path parameter that must be a device id. */
    DeviceId deviceId(String name) {
        String text = pathParams.get(name);
        try {
            return DeviceId.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** A query parameter that must be a number, or null if absent. */
    Long longQuery(String name) {
        String text = query.get(name);
        return text == null || text.isEmpty() ? null : parseLong(name, text, "query parameter");
    }

    private static long parseLong(String name, String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(what + " " + name + " must be a number, was '" + text + "'");
        }
    }
}
