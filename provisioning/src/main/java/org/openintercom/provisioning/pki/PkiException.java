package org.openintercom.provisioning.pki;

/** A certificate, key or CRL that cannot be read, written or made; the message names the file or object. */
public class PkiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
