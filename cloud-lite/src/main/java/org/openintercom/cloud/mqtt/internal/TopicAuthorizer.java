package org.openintercom.cloud.mqtt.internal;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import java.util.Optional;
import org.openintercom.cloud.mqtt.ClientIdentity;
import org.openintercom.provisioning.channel.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each PUBLISH and SUBSCRIBE by the client's identity: devices by {@link Topics#deviceMayPublish} and
 * {@link Topics#deviceMaySubscribe}, the cloud service anywhere under {@code oi/v1/}; refusals are answered with
 * the reason code "not authorized".
 */
public final class TopicAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {

    /** What the cloud service may use. */
    static final String SERVICE_FILTER = "oi/v1/#";

    private static final String SERVICE_PREFIX = "oi/v1/";
    private static final Logger LOG = LoggerFactory.getLogger(TopicAuthorizer.class);

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        String topic = input.getPublishPacket().getTopic();
        Optional<ClientIdentity> identity =
                IdentityAttribute.read(input.getConnectionInformation().getConnectionAttributeStore());
        boolean allowed = identity.map(id -> switch (id) {
            case ClientIdentity.Device d -> Topics.deviceMayPublish(d.deviceId(), topic);
            case ClientIdentity.Service s -> topic.startsWith(SERVICE_PREFIX);
        }).orElse(false);
        if (allowed) {
            output.authorizeSuccessfully();
        } else {
            LOG.debug("client '{}' ({}) may not publish on '{}'", input.getClientInformation().getClientId(),
                    identity.map(Object::toString).orElse("no identity"), topic);
            output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "not authorized to publish on " + topic);
        }
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String filter = input.getSubscription().getTopicFilter();
        Optional<ClientIdentity> identity =
                IdentityAttribute.read(input.getConnectionInformation().getConnectionAttributeStore());
        boolean allowed = identity.map(id -> switch (id) {
            case ClientIdentity.Device d -> Topics.deviceMaySubscribe(d.deviceId(), filter);
            case ClientIdentity.Service s -> withoutShareGroup(filter).startsWith(SERVICE_PREFIX);
        }).orElse(false);
        if (allowed) {
            output.authorizeSuccessfully();
        } else {
            LOG.debug("client '{}' ({}) may not subscribe to '{}'", input.getClientInformation().getClientId(),
                    identity.map(Object::toString).orElse("no identity"), filter);
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "not authorized to subscribe to " + filter);
        }
    }

    /** {@code $share/group/oi/v1/...} → {@code oi/v1/...}, so the service can share subscriptions across instances. */
    private static String withoutShareGroup(String filter) {
        if (filter.startsWith("$share/")) {
            int slash = filter.indexOf('/', "$share/".length());
            return slash < 0 ? "" : filter.substring(slash + 1);
        }
        return filter;
    }
}
