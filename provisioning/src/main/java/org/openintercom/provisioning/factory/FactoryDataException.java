package org.openintercom.provisioning.factory;

/** A device's factory directory that cannot be read or written; the message names the file. */
public final class FactoryDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FactoryDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
