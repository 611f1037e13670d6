package org.openintercom.agent.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openintercom.agent.testing.ScriptedCallEngine;

/** Parallel ringing over a scripted engine: who wins, who is cancelled, what the caller hears. */
class ForkingCallEngineTest {

    private final ScriptedCallEngine inner = new ScriptedCallEngine();
    private final ForkingCallEngine engine = new ForkingCallEngine(inner);
    private final RecordingListener up = new RecordingListener();
    private final List<Integer> answered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void ringTwo() throws InterruptedException {
        engine.start(up);
        engine.dialAll("c1", List.of("sips:A@10.0.0.1:5061;transport=tls", "sips:B@10.0.0.2:5061;transport=tls"),
                answered::add);
        assertThat(inner.next()).isEqualTo(new ScriptedCallEngine.Command("dial", "c1.1",
                "sips:A@10.0.0.1:5061;transport=tls"));
        assertThat(inner.next()).isEqualTo(new ScriptedCallEngine.Command("dial", "c1.2",
                "sips:B@10.0.0.2:5061;transport=tls"));
    }

    @Test
    void the_first_to_answer_is_the_call_and_the_others_are_cancelled() throws InterruptedException {
        inner.ringing("c1.1");
        inner.ringing("c1.2");
        inner.connected("c1.2", "PCMU");
        assertThat(inner.next()).isEqualTo(new ScriptedCallEngine.Command("hangup", "c1.1", ""));
        assertThat(up.await("connected").callId()).isEqualTo("c1");
        assertThat(answered).containsExactly(1);
        inner.ended("c1.1", EndCause.LOCAL_HANGUP, 487);
        inner.dtmf("c1.2", '4');
        assertThat(up.await("dtmf").callId()).isEqualTo("c1");

        engine.sendDtmf("c1", '#', DtmfMode.RFC4733);
        assertThat(inner.next().callId()).isEqualTo("c1.2");
        engine.hangup("c1");
        assertThat(inner.next()).isEqualTo(new ScriptedCallEngine.Command("hangup", "c1.2", ""));
        inner.ended("c1.2", EndCause.LOCAL_HANGUP, 0);
        assertThat(up.await("ended").callId()).isEqualTo("c1");
        assertThat(up.count("ended")).as("the cancelled branch is not reported").isEqualTo(1);
        assertThat(up.count("progress")).isEqualTo(2);
    }

    @Test
    void a_second_answer_that_crossed_the_cancel_is_hung_up() throws InterruptedException {
        inner.connected("c1.1", "PCMU");
        assertThat(inner.next()).isEqualTo(new ScriptedCallEngine.Command("hangup", "c1.2", ""));
        inner.connected("c1.2", "PCMU");
        assertThat(inner.next()).isEqualTo(new ScriptedCallEngine.Command("hangup", "c1.2", ""));
        assertThat(up.count("connected")).isEqualTo(1);
        assertThat(answered).containsExactly(0);
    }

    @Test
    void nobody_answering_ends_the_call_once_with_the_most_telling_cause() {
        inner.ended("c1.1", EndCause.UNREACHABLE, 0);
        assertThat(up.count("ended")).isZero();
        inner.ended("c1.2", EndCause.BUSY, 486);
        RecordingListener.Event end = up.await("ended");
        assertThat(end.callId()).isEqualTo("c1");
        assertThat(((CallEnd) end.detail()).cause()).isEqualTo(EndCause.BUSY);
    }

    @Test
    void hanging_up_before_an_answer_cancels_every_branch_and_a_late_answer_is_hung_up() throws InterruptedException {
        engine.hangup("c1");
        assertThat(List.of(inner.next(), inner.next())).containsExactly(
                new ScriptedCallEngine.Command("hangup", "c1.1", ""),
                new ScriptedCallEngine.Command("hangup", "c1.2", ""));
        inner.connected("c1.1", "PCMU");
        assertThat(inner.next()).isEqualTo(new ScriptedCallEngine.Command("hangup", "c1.1", ""));
        assertThat(up.count("connected")).isZero();
    }
}
