package org.openintercom.cloud.api;

/** What a handler answers: an HTTP status and a body to write as JSON (null for none). */
record Reply(int status, Object body) {

    static Reply ok(Object body) {
        return new Reply(200, body);
    }

    static Reply created(Object body) {
        return new Reply(201, body);
    }

    /** The value of a successful result, or the error response for its problem. */
    static <T> T orFail(Result<T> result) {
        if (!result.isOk()) {
            throw ApiError.of(result.problem());
        }
        return result.value();
    }
}
