package org.openintercom.cloud.calls.directory;

import java.util.Locale;
import java.util.Optional;
import org.openintercom.cloud.calls.sip.SipNames;
import org.openintercom.provisioning.claim.DeviceId;

/**
 * Which names a SIP user or ring group may have: a SIP user part of 1-64 unreserved characters that is not, in
 * any letter case, a device id (stations register with the relay under their device id).
 */
final class CallNames {

    private CallNames() {
    }

    /** Why {@code name} may not be used, or empty if it may. */
    static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("required");
        }
        if (!SipNames.isUser(name)) {
            return Optional.of("'" + name + "' is not a valid SIP user name: use 1-64 letters, digits and"
                    + " - _ . ! ~ * ' ( ) & = + $ , ; ?");
        }
        if (DeviceId.isValid(name.toUpperCase(Locale.ROOT))) {
            return Optional.of("'" + name + "' looks like a device id, which is reserved for stations");
        }
        return Optional.empty();
    }
}
