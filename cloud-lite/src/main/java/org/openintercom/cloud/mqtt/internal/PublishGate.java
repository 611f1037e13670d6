package org.openintercom.cloud.mqtt.internal;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import java.util.Optional;
import org.openintercom.cloud.mqtt.ClientIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a PUBLISH its sender may not make and answers it the MQTT 5 way (PUBACK/PUBREC "not authorized" for QoS 1/2,
 * nothing for QoS 0) while the session stays up.
 *
 * <p>This is an interceptor rather than a {@code PublishAuthorizer} because HiveMQ CE disconnects the client after
 * every publish an authorizer refuses (even after sending the MQTT 5 PUBACK); {@link TopicAuthorizer} stays behind
 * it as a backstop with the same rules.
 */
public final class PublishGate implements PublishInboundInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(PublishGate.class);

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        String topic = input.getPublishPacket().getTopic();
        Optional<ClientIdentity> identity =
                IdentityAttribute.read(input.getConnectionInformation().getConnectionAttributeStore());
        if (!AccessRules.mayPublish(identity, topic)) {
            LOG.debug("client '{}' ({}) may not publish on '{}'", input.getClientInformation().getClientId(),
                    identity.map(Object::toString).orElse("no identity"), topic);
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "not authorized to publish on " + topic);
        }
    }
}
