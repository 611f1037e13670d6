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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides each SUBSCRIBE (refusals get the SUBACK reason code "not authorized") and, as a backstop behind
 * {@link PublishGate}, each PUBLISH by {@link AccessRules}.
 */
public final class TopicAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAuthorizer.class);

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        String topic = input.getPublishPacket().getTopic();
        Optional<ClientIdentity> identity =
                IdentityAttribute.read(input.getConnectionInformation().getConnectionAttributeStore());
        if (AccessRules.mayPublish(identity, topic)) {
            output.authorizeSuccessfully();
        } else {
            // only reached when the PublishGate did not run; HiveMQ then also disconnects the client
            LOG.debug("client '{}' ({}) may not publish on '{}' (authorizer)",
                    input.getClientInformation().getClientId(), identity.map(Object::toString).orElse("no identity"),
                    topic);
            output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "not authorized to publish on " + topic);
        }
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String filter = input.getSubscription().getTopicFilter();
        Optional<ClientIdentity> identity =
                IdentityAttribute.read(input.getConnectionInformation().getConnectionAttributeStore());
        if (AccessRules.maySubscribe(identity, filter)) {
            output.authorizeSuccessfully();
        } else {
            LOG.debug("client '{}' ({}) may not subscribe to '{}'", input.getClientInformation().getClientId(),
                    identity.map(Object::toString).orElse("no identity"), filter);
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "not authorized to subscribe to " + filter);
        }
    }
}
