package org.openintercom.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The URI a mesh call dials for a peer: SIPS over TLS to its device id at its address and SIP TLS port. */
class MeshCallUriTest {

    @Test
    void an_ipv4_peer() throws Exception {
        assertThat(MeshFailover.uri("7K3M9Q2XHB", new InetSocketAddress(InetAddress.getByName("169.254.7.9"), 5061)))
                .isEqualTo("sips:7K3M9Q2XHB@169.254.7.9:5061;transport=tls");
    }

    @Test
    void a_link_local_ipv6_peer_goes_in_brackets_without_its_scope_which_jain_sip_refuses() throws Exception {
        InetAddress scoped = InetAddress.getByName("fe80::1%1");
        assertThat(MeshFailover.uri("7K3M9Q2XHB", new InetSocketAddress(scoped, 5061)))
                .isEqualTo("sips:7K3M9Q2XHB@[fe80:0:0:0:0:0:0:1]:5061;transport=tls");
    }
}
