package org.openintercom.cloud.mqtt.internal;

import java.util.Optional;
import org.openintercom.cloud.mqtt.ClientIdentity;
import org.openintercom.provisioning.channel.Topics;

/**
 * The topic rules per identity: devices follow {@link Topics#deviceMayPublish} and {@link Topics#deviceMaySubscribe};
 * the cloud service may use everything under {@code oi/v1/}; a connection without identity may do nothing.
 */
final class AccessRules {

    /** What the cloud service may use. */
    static final String SERVICE_FILTER = "oi/v1/#";

    private static final String SERVICE_PREFIX = "oi/v1/";
    private static final String SHARE = "$share/";

    private AccessRules() {
    }

    static boolean mayPublish(Optional<ClientIdentity> identity, String topic) {
        return identity.map(id -> switch (id) {
            case ClientIdentity.Device d -> Topics.deviceMayPublish(d.deviceId(), topic);
            case ClientIdentity.Service s -> topic.startsWith(SERVICE_PREFIX);
        }).orElse(false);
    }

    static boolean maySubscribe(Optional<ClientIdentity> identity, String filter) {
        return identity.map(id -> switch (id) {
            case ClientIdentity.Device d -> Topics.deviceMaySubscribe(d.deviceId(), filter);
            case ClientIdentity.Service s -> withoutShareGroup(filter).startsWith(SERVICE_PREFIX);
        }).orElse(false);
    }

    /** {@code $share/group/oi/v1/...} → {@code oi/v1/...}, so service instances can share a subscription. */
    private static String withoutShareGroup(String filter) {
        if (filter.startsWith(SHARE)) {
            int slash = filter.indexOf('/', SHARE.length());
            return slash < 0 ? "" : filter.substring(slash + 1);
        }
        return filter;
    }
}
