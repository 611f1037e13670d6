package org.openintercom.provisioning.factory;

import java.util.Objects;
import java.util.regex.Pattern;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * What the factory records about a device in {@code device.json}: its id, model and hardware revision.
 *
 * @param deviceId the device's serial number
 * @param model the model, e.g. {@code ID5}
 * @param hardwareRevision the board revision, e.g. {@code A}
 */
public record DeviceInfo(DeviceId deviceId, String model, String hardwareRevision) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

    public DeviceInfo {
        Objects.requireNonNull(deviceId, "deviceId");
        requireToken("model", model);
        requireToken("hardware revision", hardwareRevision);
    }

    /** Whether {@code value} is a valid model or hardware revision: 1-32 letters, digits, '.', '_' or '-'. */
    public static boolean isToken(String value) {
        return value != null && TOKEN.matcher(value).matches();
    }

    private static void requireToken(String name, String value) {
        if (!isToken(value)) {
            throw new IllegalArgumentException(name + " '" + value + "' must be 1-32 letters, digits, '.', '_' or '-'");
        }
    }
}
