package org.openintercom.ota;

/** A manifest that cannot be read; the message names the field and the problem. */
public final class ManifestFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ManifestFormatException(String message) {
        super(message);
    }

    public ManifestFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
