package org.openintercom.cloud.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;
import org.openintercom.provisioning.claim.DeviceId;

/** Reading who a client is from its certificate. */
class ClientIdentityTest {

    private static final TestPki PKI = TestPki.create("Test");

    private static GeneralNames uris(String... uris) {
        GeneralName[] names = new GeneralName[uris.length];
        for (int i = 0; i < uris.length; i++) {
            names[i] = new GeneralName(GeneralName.uniformResourceIdentifier, uris[i]);
        }
        return new GeneralNames(names);
    }

    @Test
    void device_certificate_names_the_device() {
        DeviceId id = DeviceId.random();
        assertThat(ClientIdentity.fromCertificate(PKI.device(id).certificate()))
                .contains(new ClientIdentity.Device(id));
    }

    @Test
    void service_certificate_names_cloud_lite() {
        assertThat(ClientIdentity.fromCertificate(PKI.service().certificate())).contains(ClientIdentity.CLOUD_LITE);
    }

    @Test
    void device_uri_whose_id_differs_from_the_cn_names_nobody() {
        DeviceId id = DeviceId.random();
        DeviceId other = DeviceId.random();
        assertThat(ClientIdentity.fromCertificate(PKI.leaf("x", other.value(),
                uris(ClientIdentity.DEVICE_URI_PREFIX + id.value()), true).certificate())).isEmpty();
    }

    @Test
    void certificate_with_both_a_device_and_a_service_uri_names_nobody() {
        DeviceId id = DeviceId.random();
        assertThat(ClientIdentity.fromCertificate(PKI.leaf("x", id.value(), uris(ClientIdentity.DEVICE_URI_PREFIX
                + id.value(), ClientIdentity.SERVICE_URI_PREFIX + "cloud-lite"), true).certificate())).isEmpty();
    }

    @Test
    void unknown_service_names_nobody() {
        assertThat(ClientIdentity.fromCertificate(PKI.leaf("x", "billing",
                uris(ClientIdentity.SERVICE_URI_PREFIX + "billing"), true).certificate())).isEmpty();
    }

    @Test
    void invalid_device_id_names_nobody() {
        assertThat(ClientIdentity.fromCertificate(PKI.leaf("x", "not-an-id",
                uris(ClientIdentity.DEVICE_URI_PREFIX + "not-an-id"), true).certificate())).isEmpty();
    }

    @Test
    void certificate_not_meant_for_client_authentication_names_nobody() {
        DeviceId id = DeviceId.random();
        assertThat(ClientIdentity.fromCertificate(PKI.leaf("x", id.value(),
                uris(ClientIdentity.DEVICE_URI_PREFIX + id.value()), false).certificate())).isEmpty();
    }

    @Test
    void server_certificate_names_nobody() {
        assertThat(ClientIdentity.fromCertificate(PKI.broker().certificate())).isEmpty();
    }
}
