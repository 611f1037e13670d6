package org.openintercom.hal.model;

import java.util.List;

/** A model id that is not in the catalogue; the message lists every known id. */
public class UnknownDeviceModelException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnknownDeviceModelException(String id, List<String> known) {
        super("unknown device model '" + id + "'; known models: " + String.join(", ", known));
    }
}
