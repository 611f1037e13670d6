package org.openintercom.provisioning.channel;

/** A device-channel message that cannot be read; the message names the field and the problem. */
public final class ChannelFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ChannelFormatException(String message) {
        super(message);
    }

    public ChannelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
