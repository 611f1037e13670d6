package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openintercom.agent.testing.ScriptedCallEngine;

/** A call's first leg given up for a fallback leg, over a scripted engine: what goes down, what comes up. */
class FallbackCallEngineTest {

    private static final String RELAY = "sip:flat-12@relay.example.org:5061;transport=tls";

    private final ScriptedCallEngine inner = new ScriptedCallEngine();
    private final FallbackCallEngine engine = new FallbackCallEngine(inner);
    private final RecordingListener up = new RecordingListener();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private volatile boolean hold = true;

    private final FallbackCallEngine.Watch watch = new FallbackCallEngine.Watch() {
        @Override
        public void responded(String callId) {
            heard.add("responded " + callId);
        }

        @Override
        public boolean failed(String callId, CallEnd end, boolean responded) {
            heard.add("failed " + callId + " " + end.cause() + (responded ? " after a response" : ""));
            return hold;
        }
    };

    @BeforeEach
    void dialThroughTheRelay() throws InterruptedException {
        engine.start(up);
        engine.dialWatched("c1", RELAY, watch);
        assertThat(inner.next()).isEqualTo(new ScriptedCallEngine.Command("dial", "c1", RELAY));
    }

    private void fallBackToTheMesh() throws InterruptedException {
        assertThat(engine.fallBack("c1", leg -> inner.dial(leg, "sips:HALL@10.0.0.2:5061;transport=tls"))).isTrue();
    }

    @Test
    void a_silent_first_leg_is_cancelled_and_the_fallback_leg_is_the_call() throws InterruptedException {
        assertThat(engine.unanswered("c1")).isTrue();
        fallBackToTheMesh();
        assertThat(inner.next()).isEqualTo(new ScriptedCallEngine.Command("hangup", "c1", ""));
        assertThat(inner.next()).isEqualTo(new ScriptedCallEngine.Command("dial", "c1.fallback",
                "sips:HALL@10.0.0.2:5061;transport=tls"));
        inner.ended("c1", EndCause.LOCAL_HANGUP, 0); // the relay leg's own end: not the call's

        inner.ringing("c1.fallback");
        assertThat(up.await("progress").callId()).isEqualTo("c1");
        inner.connected("c1.fallback", "opus");
        assertThat(up.await("connected").callId()).isEqualTo("c1");
        engine.sendDtmf("c1", '4', DtmfMode.RFC4733);
        assertThat(inner.next().callId()).isEqualTo("c1.fallback");
        engine.hangup("c1");
        assertThat(inner.next()).isEqualTo(new ScriptedCallEngine.Command("hangup", "c1.fallback", ""));
        inner.ended("c1.fallback", EndCause.LOCAL_HANGUP, 0);
        assertThat(up.await("ended").callId()).isEqualTo("c1");
        assertThat(up.count("ended")).as("one end for the call").isEqualTo(1);
        assertThat(heard).as("the cancelled relay leg is no failure").isEmpty();
    }

    @Test
    void a_relay_that_answers_late_rings_nothing_twice() throws InterruptedException {
        fallBackToTheMesh();
        assertThat(inner.next().verb()).isEqualTo("hangup");
        inner.next(); // the fallback leg
        inner.trying("c1");
        inner.ringing("c1");
        inner.connected("c1", "opus"); // its 200 crossed our CANCEL
        assertThat(inner.next()).as("the late answer is hung up").isEqualTo(new ScriptedCallEngine.Command("hangup",
                "c1", ""));
        assertThat(up.count("progress")).isZero();
        assertThat(up.count("connected")).isZero();
        assertThat(up.count("trying")).isZero();
        assertThat(heard).isEmpty();
    }

    @Test
    void a_first_leg_that_responded_is_not_given_up() {
        inner.trying("c1");
        assertThat(heard).containsExactly("responded c1");
        assertThat(engine.unanswered("c1")).isFalse();
        assertThat(engine.fallBack("c1", leg -> heard.add("placed " + leg))).isFalse();
        inner.ringing("c1");
        inner.connected("c1", "opus");
        assertThat(up.await("connected").callId()).isEqualTo("c1");
        assertThat(heard).containsExactly("responded c1");
    }

    @Test
    void a_failed_first_leg_is_held_until_its_owner_falls_back() throws InterruptedException {
        inner.ended("c1", EndCause.UNREACHABLE, 0);
        assertThat(heard).containsExactly("failed c1 UNREACHABLE");
        assertThat(up.count("ended")).as("held open").isZero();
        assertThat(engine.fallBack("c1", leg -> inner.dial(leg, "sips:HALL@10.0.0.2:5061;transport=tls"))).isTrue();
        assertThat(inner.next()).as("nothing to cancel: the leg is over").isEqualTo(new ScriptedCallEngine.Command(
                "dial", "c1.fallback", "sips:HALL@10.0.0.2:5061;transport=tls"));
        inner.connected("c1.fallback", "opus");
        assertThat(up.await("connected").callId()).isEqualTo("c1");
    }

    @Test
    void a_held_call_given_up_ends_with_its_first_legs_end() {
        inner.trying("c1");
        inner.ended("c1", EndCause.FAILED, 503);
        assertThat(heard).containsExactly("responded c1", "failed c1 FAILED after a response");
        assertThat(up.count("ended")).isZero();
        engine.giveUp("c1");
        RecordingListener.Event end = up.await("ended");
        assertThat(end.callId()).isEqualTo("c1");
        assertThat(((CallEnd) end.detail()).sipStatus()).isEqualTo(503);
        assertThat(engine.fallBack("c1", leg -> heard.add("placed " + leg))).isFalse();
    }

    @Test
    void a_failure_its_owner_does_not_hold_ends_the_call_as_usual() {
        hold = false;
        inner.ended("c1", EndCause.BUSY, 486);
        assertThat(((CallEnd) up.await("ended").detail()).cause()).isEqualTo(EndCause.BUSY);
        assertThat(engine.fallBack("c1", leg -> heard.add("placed " + leg))).isFalse();
    }

    @Test
    void a_call_hung_up_before_its_fallback_places_nothing_and_ends_once() throws InterruptedException {
        engine.hangup("c1");
        assertThat(inner.next()).isEqualTo(new ScriptedCallEngine.Command("hangup", "c1", ""));
        assertThat(engine.fallBack("c1", leg -> heard.add("placed " + leg))).isFalse();
        inner.ended("c1", EndCause.LOCAL_HANGUP, 0);
        assertThat(up.await("ended").callId()).isEqualTo("c1");
        assertThat(heard).as("our own hangup is no failure to make good").isEmpty();
    }

    @Test
    void a_held_call_hung_up_ends_at_once() {
        inner.ended("c1", EndCause.UNREACHABLE, 0);
        engine.hangup("c1");
        assertThat(up.await("ended").callId()).isEqualTo("c1");
        assertThat(engine.fallBack("c1", leg -> heard.add("placed " + leg))).isFalse();
        assertThat(up.count("ended")).isEqualTo(1);
    }

    @Test
    void calls_not_watched_pass_through() throws InterruptedException {
        engine.dial("c2", "sip:door@10.0.0.9");
        assertThat(inner.next()).isEqualTo(new ScriptedCallEngine.Command("dial", "c2", "sip:door@10.0.0.9"));
        inner.trying("c2");
        inner.ended("c2", EndCause.UNREACHABLE, 0);
        assertThat(up.await("ended").callId()).isEqualTo("c2");
        assertThat(up.count("trying")).isEqualTo(1);
        assertThat(heard).isEmpty();
    }
}
