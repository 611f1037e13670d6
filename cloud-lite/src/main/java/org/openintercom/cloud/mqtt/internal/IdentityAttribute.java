package org.openintercom.cloud.mqtt.internal;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import java.util.Optional;
import org.openintercom.cloud.mqtt.ClientIdentity;
import org.openintercom.provisioning.claim.DeviceId;

/** Keeps a connection's {@link ClientIdentity} in its HiveMQ connection attributes, from connect to disconnect. */
final class IdentityAttribute {

    private static final String KEY = "org.openintercom.identity";
    private static final String DEVICE = "device:";
    private static final String SERVICE = "service:";

    private IdentityAttribute() {
    }

    static void store(ConnectionAttributeStore store, ClientIdentity identity) {
        store.putAsString(KEY, switch (identity) {
            case ClientIdentity.Device d -> DEVICE + d.deviceId().value();
            case ClientIdentity.Service s -> SERVICE + s.name();
        });
    }

    static Optional<ClientIdentity> read(ConnectionAttributeStore store) {
        return store.getAsString(KEY).map(v -> v.startsWith(DEVICE)
                ? new ClientIdentity.Device(new DeviceId(v.substring(DEVICE.length())))
                : new ClientIdentity.Service(v.substring(SERVICE.length())));
    }
}
