package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openintercom.agent.testing.RecordingCallEngine;

/** The station's main and mesh engines as one: every call handled by the engine it belongs to. */
class RoutingCallEngineTest {

    private final RecordingCallEngine main = new RecordingCallEngine("main", 5061);
    private final RecordingCallEngine mesh = new RecordingCallEngine("mesh", 40123);
    private final RoutingCallEngine routing = new RoutingCallEngine(main);
    private final RecordingListener events = new RecordingListener();

    private RoutingCallEngineTest givenBothRunning() {
        routing.start(events);
        routing.replaceMesh(Optional.of(mesh));
        return this;
    }

    @Test
    void a_call_dialled_through_the_mesh_is_handled_by_the_mesh_engine_until_it_ends() {
        givenBothRunning();
        routing.dialMesh("m1", "sips:PEER@[fe80::1]:40000;transport=tls");
        routing.sendDtmf("m1", '4', DtmfMode.RFC4733);
        routing.hangup("m1");
        routing.dial("c1", "sip:flat-12@relay.example:5061;transport=tls");
        routing.hangup("c1");

        assertThat(mesh.commands).containsExactly("start", "dial m1", "dtmf m1", "hangup m1");
        assertThat(main.commands).containsExactly("start", "dial c1", "hangup c1");
    }

    @Test
    void an_incoming_call_at_the_mesh_engine_reaches_the_one_listener_and_is_answered_there() {
        givenBothRunning();
        mesh.incoming("in1");
        assertThat(events.await("incoming", Duration.ofSeconds(1)).callId()).isEqualTo("in1");
        routing.answer("in1");
        mesh.connected("in1");
        assertThat(events.await("connected", Duration.ofSeconds(1)).callId()).isEqualTo("in1");
        mesh.ended("in1", EndCause.REMOTE_HANGUP);
        assertThat(events.await("ended", Duration.ofSeconds(1)).callId()).isEqualTo("in1");

        assertThat(mesh.commands).containsExactly("start", "answer in1");
        assertThat(main.commands).containsExactly("start");
    }

    @Test
    void a_second_incoming_call_at_the_mesh_engine_is_refused_busy_there() {
        givenBothRunning();
        main.incoming("relay1");
        mesh.incoming("mesh2");
        routing.reject("mesh2", true); // what the call controller does while a call is live

        assertThat(mesh.commands).containsExactly("start", "busy mesh2");
        assertThat(main.commands).containsExactly("start");
    }

    @Test
    void without_a_mesh_engine_a_mesh_call_ends_at_once_as_unreachable() {
        routing.start(events);
        routing.dialMesh("m1", "sips:PEER@[fe80::1]:40000;transport=tls");

        RecordingListener.Event ended = events.await("ended", Duration.ofSeconds(1));
        assertThat(ended.callId()).isEqualTo("m1");
        assertThat(((CallEnd) ended.detail()).cause()).isEqualTo(EndCause.UNREACHABLE);
        assertThat(main.commands).containsExactly("start");
    }

    @Test
    void replacing_the_mesh_engine_closes_the_old_one_and_starts_the_new_one() {
        givenBothRunning();
        RecordingCallEngine renewed = new RecordingCallEngine("mesh", 40123);
        routing.replaceMesh(Optional.of(renewed));
        assertThat(mesh.commands).containsExactly("start", "close");
        assertThat(renewed.started()).isTrue();
        assertThat(routing.meshContacts()).containsExactly("sip:mesh@127.0.0.1:40123;transport=tls");

        routing.replaceMesh(Optional.empty());
        assertThat(renewed.commands).containsExactly("start", "close");
        assertThat(routing.mesh()).isEmpty();
        assertThat(routing.meshContacts()).isEmpty();
    }

    @Test
    void contacts_ports_and_registration_are_the_main_engines_and_close_closes_both() {
        givenBothRunning();
        assertThat(routing.contacts()).isEqualTo(main.contacts());
        assertThat(routing.port(SipTransport.TLS)).contains(5061);
        routing.close();
        assertThat(mesh.commands).endsWith("close");
        assertThat(main.commands).endsWith("close");
    }

    @Test
    void a_mesh_engine_needs_the_routing_engine_started_first() {
        assertThatThrownBy(() -> routing.replaceMesh(Optional.of(mesh))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start the call engine");
    }

    @Test
    void a_fork_over_it_rings_every_branch_through_the_mesh_engine_and_cancels_the_losers_there() {
        ForkingCallEngine forking = new ForkingCallEngine(routing);
        forking.start(events);
        routing.replaceMesh(Optional.of(mesh));
        AtomicInteger answered = new AtomicInteger(-1);
        forking.dialAll("call", List.of("sips:HALL@[fe80::1]:1;transport=tls", "sips:KITCHEN@[fe80::2]:2;transport=tls"),
                routing::dialMesh, answered::set);
        mesh.connected("call.2");

        assertThat(events.await("connected", Duration.ofSeconds(1)).callId()).isEqualTo("call");
        assertThat(answered).hasValue(1);
        assertThat(mesh.commands).containsExactly("start", "dial call.1", "dial call.2", "hangup call.1");
        assertThat(main.commands).containsExactly("start");
    }
}
