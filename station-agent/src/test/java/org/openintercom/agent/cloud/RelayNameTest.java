package org.openintercom.agent.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Telling which button targets ring through the cloud's relay (those the mesh takes over without the cloud). */
class RelayNameTest {

    private static final String RELAY = "sip:relay.example.org:5061;transport=tls";

    @Test
    void a_ring_button_target_gives_back_the_name_it_rings() {
        assertThat(CloudConnector.relayName(ManagedConfig.relayTarget("flat-12", RELAY), RELAY)).contains("flat-12");
        assertThat(CloudConnector.relayName(ManagedConfig.relayTarget("7K3M9Q2XHB", RELAY), RELAY))
                .contains("7K3M9Q2XHB");
    }

    @Test
    void other_targets_do_not_go_through_the_relay() {
        assertThat(CloudConnector.relayName("sip:hall@192.168.1.20:5060", RELAY)).isEmpty();
        assertThat(CloudConnector.relayName("sip:flat-12@relay.example.org:5060;transport=tls", RELAY)).isEmpty();
        assertThat(CloudConnector.relayName("sip:@relay.example.org:5061;transport=tls", RELAY)).isEmpty();
        assertThat(CloudConnector.relayName("sips:flat-12@relay.example.org:5061;transport=tls", RELAY)).isEmpty();
    }
}
