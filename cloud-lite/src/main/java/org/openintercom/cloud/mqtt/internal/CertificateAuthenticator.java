package org.openintercom.cloud.mqtt.internal;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Supplier;
import org.openintercom.cloud.mqtt.ClientIdentity;
import org.openintercom.cloud.mqtt.RevocationCheck;
import org.openintercom.provisioning.channel.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a client connect only with a certificate that names a device or the cloud service, is not revoked, and (for a
 * device) matches its MQTT client id; grants the topic permissions of that identity.
 */
public final class CertificateAuthenticator implements SimpleAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthenticator.class);

    private final Supplier<RevocationCheck> revocation;
    private final LiveSessions sessions;

    public CertificateAuthenticator(Supplier<RevocationCheck> revocation, LiveSessions sessions) {
        this.revocation = revocation;
        this.sessions = sessions;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        Optional<X509Certificate> cert = input.getConnectionInformation().getClientTlsInformation()
                .flatMap(ClientTlsInformation::getClientCertificate);
        if (cert.isEmpty()) {
            refuse(output, clientId, ConnackReasonCode.NOT_AUTHORIZED, "a client certificate is required");
            return;
        }
        Optional<ClientIdentity> identity = ClientIdentity.fromCertificate(cert.get());
        if (identity.isEmpty()) {
            refuse(output, clientId, ConnackReasonCode.NOT_AUTHORIZED,
                    "the certificate names neither a device nor the cloud service");
            return;
        }
        if (revocation.get().isRevoked(cert.get())) {
            refuse(output, clientId, ConnackReasonCode.NOT_AUTHORIZED, "the certificate is revoked");
            return;
        }
        if (identity.get() instanceof ClientIdentity.Device device && !device.deviceId().value().equals(clientId)) {
            refuse(output, clientId, ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "a device must use its device id as client id");
            return;
        }
        IdentityAttribute.store(input.getConnectionInformation().getConnectionAttributeStore(), identity.get());
        grant(output.getDefaultPermissions(), identity.get());
        sessions.authenticated(clientId, cert.get().getSerialNumber());
        LOG.debug("client '{}' authenticated as {}", clientId, identity.get());
        output.authenticateSuccessfully();
    }

    /**
     * The default permissions mirror {@link Topics}: a device publishes on its own device-to-cloud leaves and
     * subscribes to its own cloud-to-device leaves (exact topics); the service gets {@code oi/v1/#}. The
     * {@link PublishGate} and {@link TopicAuthorizer} decide every publish and subscribe with {@link Topics} itself;
     * these permissions are what HiveMQ applies where neither is asked (the will message).
     */
    private static void grant(ModifiableDefaultPermissions permissions, ClientIdentity identity) {
        permissions.clear();
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        switch (identity) {
            case ClientIdentity.Device d -> {
                for (Topics.Leaf leaf : Topics.Leaf.values()) {
                    permissions.add(Builders.topicPermission().topicFilter(Topics.of(d.deviceId(), leaf))
                            .activity(leaf.direction() == Topics.Direction.FROM_DEVICE
                                    ? TopicPermission.MqttActivity.PUBLISH
                                    : TopicPermission.MqttActivity.SUBSCRIBE)
                            .type(TopicPermission.PermissionType.ALLOW).build());
                }
            }
            case ClientIdentity.Service s -> permissions.add(Builders.topicPermission()
                    .topicFilter(AccessRules.SERVICE_FILTER).activity(TopicPermission.MqttActivity.ALL)
                    .type(TopicPermission.PermissionType.ALLOW).build());
        }
    }

    private static void refuse(SimpleAuthOutput output, String clientId, ConnackReasonCode code, String reason) {
        LOG.debug("client '{}' refused: {}", clientId, reason);
        output.failAuthentication(code, reason);
    }
}
