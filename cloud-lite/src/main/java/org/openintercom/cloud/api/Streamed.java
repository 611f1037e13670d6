package org.openintercom.cloud.api;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A reply body that is not JSON: written straight to the response (chunked) with its own media type, e.g. a CSV
 * export or an image. Headers are sent before the body is written, so a failure while writing only cuts the
 * response short.
 */
record Streamed(String contentType, String contentDisposition, Body body) {

    /** Writes the bytes of the body. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }
}
