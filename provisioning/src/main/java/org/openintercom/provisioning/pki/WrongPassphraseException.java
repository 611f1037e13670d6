package org.openintercom.provisioning.pki;

/** An encrypted private key that the given passphrase does not open (or no passphrase was given). */
public final class WrongPassphraseException extends PkiException {

    private static final long serialVersionUID = 1L;

    public WrongPassphraseException(String message, Throwable cause) {
        super(message, cause);
    }
}
