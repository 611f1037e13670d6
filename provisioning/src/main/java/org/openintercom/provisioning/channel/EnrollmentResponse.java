package org.openintercom.provisioning.channel;

import java.util.Objects;
import java.util.Optional;

/**
 * The device endpoint's answer to an {@link EnrollmentRequest}: ENROLLED with the certificate chain, the
 * cloud's trust anchors, the endpoints and the initial configuration; WAITING when nobody has claimed the
 * device yet (ask again after {@code retryAfterSeconds}); REFUSED with the reason.
 */
public record EnrollmentResponse(Status status, Optional<String> reason, Optional<String> certificateChain,
        Optional<String> trustAnchors, Optional<Endpoints> endpoints, Optional<DesiredConfiguration> configuration,
        Optional<Integer> retryAfterSeconds) {

    public enum Status { ENROLLED, WAITING, REFUSED }

    /**
     * Where the device finds the cloud once enrolled: the broker, the device API, the CRL and, when the cloud runs
     * a call relay, the relay's SIP registrar over TLS (e.g. {@code sip:cloud.example.com:5061;transport=tls}),
     * where the station registers under its device id and through which its calls to ring groups and users go.
     */
    public record Endpoints(String mqtt, String deviceApi, String crl, Optional<String> sip) {
        public Endpoints {
            Objects.requireNonNull(mqtt, "mqtt is required");
            Objects.requireNonNull(deviceApi, "deviceApi is required");
            Objects.requireNonNull(crl, "crl is required");
            sip = sip == null ? Optional.empty() : sip;
            sip.ifPresent(uri -> {
                if (!uri.startsWith("sip:") && !uri.startsWith("sips:")) {
                    throw new IllegalArgumentException("the relay endpoint '" + uri + "' is not a sip: or sips: URI");
                }
            });
        }

        /** Endpoints of a cloud without a call relay. */
        public Endpoints(String mqtt, String deviceApi, String crl) {
            this(mqtt, deviceApi, crl, Optional.empty());
        }
    }

    public EnrollmentResponse {
        Objects.requireNonNull(status, "status is required");
        reason = reason == null ? Optional.empty() : reason;
        certificateChain = certificateChain == null ? Optional.empty() : certificateChain;
        trustAnchors = trustAnchors == null ? Optional.empty() : trustAnchors;
        endpoints = endpoints == null ? Optional.empty() : endpoints;
        configuration = configuration == null ? Optional.empty() : configuration;
        retryAfterSeconds = retryAfterSeconds == null ? Optional.empty() : retryAfterSeconds;
    }

    public static EnrollmentResponse enrolled(String chain, String trustAnchors, Endpoints endpoints,
            DesiredConfiguration configuration) {
        return new EnrollmentResponse(Status.ENROLLED, Optional.empty(), Optional.of(chain), Optional.of(trustAnchors),
                Optional.of(endpoints), Optional.ofNullable(configuration), Optional.empty());
    }

    public static EnrollmentResponse waiting(int retryAfterSeconds) {
        return new EnrollmentResponse(Status.WAITING, Optional.of("not claimed yet"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(retryAfterSeconds));
    }

    public static EnrollmentResponse refused(String reason) {
        return new EnrollmentResponse(Status.REFUSED, Optional.of(reason), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
