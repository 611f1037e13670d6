package org.openintercom.ota;

/** A file that is not a bundle this code can read; {@link #unsupported()} tells a newer format from damage. */
public final class BundleFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final boolean unsupported;

    public BundleFormatException(String message, boolean unsupported) {
        super(message);
        this.unsupported = unsupported;
    }

    /** True if the file is not a bundle or uses a container version this code does not know. */
    public boolean unsupported() {
        return unsupported;
    }
}
