package org.openintercom.cloud.store;

/** The database could not be reached or refused a statement; the message says what was being done. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
