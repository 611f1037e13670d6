package org.openintercom.cloud.api;

/** Why a request was not carried out: a kind (which maps to an HTTP status) and a message for a person. */
public record Problem(Kind kind, String detail) {

    /** The kinds of refusal. */
    public enum Kind {
        /** No valid credentials or token (401). */
        UNAUTHENTICATED,
        /** The request itself is wrong (400). */
        INVALID,
        /** The caller may not do this (403). */
        FORBIDDEN,
        /** The thing does not exist (404). */
        NOT_FOUND,
        /** The current state does not allow it (409). */
        CONFLICT,
        /** Something the request needs cannot be reached now, e.g. an offline device (503). */
        UNAVAILABLE
    }

    public static Problem unauthenticated(String detail) {
        return new Problem(Kind.UNAUTHENTICATED, detail);
    }

    public static Problem invalid(String detail) {
        return new Problem(Kind.INVALID, detail);
    }

    public static Problem forbidden(String detail) {
        return new Problem(Kind.FORBIDDEN, detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(Kind.NOT_FOUND, detail);
    }

    public static Problem unavailable(String detail) {
        return new Problem(Kind.UNAVAILABLE, detail);
    }

    public static Problem conflict(String detail) {
        return new Problem(Kind.CONFLICT, detail);
    }
}
