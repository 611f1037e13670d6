package org.openintercom.cloud.api;

/** A request that ends with an error response: status, error code and detail. */
final class ApiError extends RuntimeException {

    final int status;
    final String error;

    ApiError(int status, String error, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
    }

    static ApiError badRequest(String detail) {
        return new ApiError(400, "bad_request", detail);
    }

    /** The error for a refused service call. */
    static ApiError of(Problem problem) {
        return switch (problem.kind()) {
            case UNAUTHENTICATED -> new ApiError(401, "unauthorized", problem.detail());
            case INVALID -> badRequest(problem.detail());
            case FORBIDDEN -> new ApiError(403, "forbidden", problem.detail());
            case NOT_FOUND -> new ApiError(404, "not_found", problem.detail());
            case CONFLICT -> new ApiError(409, "conflict", problem.detail());
            case UNAVAILABLE -> new ApiError(503, "unavailable", problem.detail());
        };
    }
}
