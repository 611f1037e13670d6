package org.openintercom.cloud.mqtt.internal;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.util.function.Supplier;
import org.openintercom.cloud.mqtt.RevocationCheck;

/** The embedded HiveMQ extension that installs certificate authentication and per-identity topic rules. */
public final class AccessExtension implements ExtensionMain {

    private final CertificateAuthenticator authenticator;
    private final TopicAuthorizer authorizer = new TopicAuthorizer();
    private final PublishGate publishGate = new PublishGate();

    public AccessExtension(Supplier<RevocationCheck> revocation, LiveSessions sessions) {
        this.authenticator = new CertificateAuthenticator(revocation, sessions);
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizer);
        Services.initializerRegistry().setClientInitializer(
                (initializerInput, clientContext) -> clientContext.addPublishInboundInterceptor(publishGate));
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // HiveMQ drops the providers of a stopped extension by itself
    }
}
