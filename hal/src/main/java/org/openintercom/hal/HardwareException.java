package org.openintercom.hal;

/** An infrastructure failure of a hardware back end (GPIO chip missing, sound card busy...). */
public class HardwareException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HardwareException(String message) {
        super(message);
    }

    public HardwareException(String message, Throwable cause) {
        super(message, cause);
    }
}
