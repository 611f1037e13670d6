package org.openintercom.cloud.calls.announce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openintercom.agent.media.SrtpKeys;
import org.openintercom.agent.media.internal.SrtpTransformer;
import org.openintercom.cloud.calls.media.OwnPorts;

/**
 * The announcement's packets as a caller receives them: RTP with the agreed payload type, consecutive sequence
 * numbers and 160-sample steps; SRTP that the station agent's own SRTP stack decrypts with the key from the answer;
 * symmetric RTP once the caller sends.
 */
class AnnouncementTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final Announcer announcer = new Announcer(Announcements.builtIn(),
            () -> OwnPorts.ephemeral(LOOPBACK, LOOPBACK));
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        announcer.close();
    }

    private DatagramChannel caller() throws Exception {
        DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        ch.socket().setSoTimeout(2000);
        closing.add(ch);
        return ch;
    }

    private static String offer(int port, String profile, String pt, String extra) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port + " "
                + profile + " " + pt + "\r\n" + extra;
    }

    private static byte[] receive(DatagramChannel ch) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        var packet = new java.net.DatagramPacket(buf.array(), buf.capacity());
        ch.socket().receive(packet);
        return java.util.Arrays.copyOf(packet.getData(), packet.getLength());
    }

    @Test
    void plays_the_clips_in_rtp_then_says_it_is_done() throws Exception {
        DatagramChannel caller = caller();
        int port = caller.socket().getLocalPort();
        Announcement a = announcer.answer("c1", offer(port, "RTP/AVP", "0", "").getBytes(StandardCharsets.UTF_8))
                .orElseThrow();
        closing.add(a);
        CountDownLatch done = new CountDownLatch(1);
        Clip clip = Clip.silence("short", 200);
        a.play(List.of(clip), Announcement.Then.END, done::countDown);
        int previous = -1;
        for (int i = 0; i < 10; i++) {
            byte[] p = receive(caller);
            assertThat(p).hasSize(12 + 160);
            assertThat(p[1] & 0x7F).as("payload type").isEqualTo(0);
            int seq = ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
            if (previous >= 0) {
                assertThat(seq).isEqualTo((previous + 1) & 0xFFFF);
            }
            previous = seq;
        }
        assertThat(done.await(2, TimeUnit.SECONDS)).as("told when the clip is over").isTrue();
    }

    @Test
    void srtp_packets_decrypt_with_the_key_of_the_answer() throws Exception {
        DatagramChannel caller = caller();
        byte[] callerKey = SrtpKeys.generateKeyAndSalt();
        Announcement a = announcer.answer("c2", offer(caller.socket().getLocalPort(), "RTP/SAVP", "8",
                "a=crypto:5 AES_CM_128_HMAC_SHA1_80 " + SrtpKeys.toInline(callerKey) + "\r\n")
                .getBytes(StandardCharsets.UTF_8)).orElseThrow();
        closing.add(a);
        Matcher m = Pattern.compile("a=crypto:5 AES_CM_128_HMAC_SHA1_80 (inline:\\S+)").matcher(a.answerSdp());
        assertThat(m.find()).as("the answer keeps the caller's tag: " + a.answerSdp()).isTrue();
        a.play(List.of(Announcements.builtIn().message("busy").orElseThrow()), Announcement.Then.SILENCE, null);
        try (SrtpTransformer srtp = new SrtpTransformer(SrtpKeys.aesCm128(callerKey, SrtpKeys.fromInline(m.group(1))))) {
            int decrypted = 0;
            for (int i = 0; i < 20; i++) {
                byte[] p = receive(caller);
                Optional<byte[]> plain = srtp.unprotect(p, p.length);
                if (plain.isPresent()) {
                    assertThat(plain.get()[1] & 0x7F).isEqualTo(8);
                    decrypted++;
                }
            }
            assertThat(decrypted).isEqualTo(20);
        }
    }

    @Test
    void follows_the_callers_packets_to_where_they_come_from() throws Exception {
        DatagramChannel offered = caller();
        DatagramChannel behindNat = caller();
        Announcement a = announcer.answer("c3", offer(offered.socket().getLocalPort(), "RTP/AVP", "0", "")
                .getBytes(StandardCharsets.UTF_8)).orElseThrow();
        closing.add(a);
        Matcher port = Pattern.compile("m=audio (\\d+) ").matcher(a.answerSdp());
        assertThat(port.find()).isTrue();
        receive(offered);
        byte[] rtp = new byte[172];
        rtp[0] = (byte) 0x80;
        behindNat.send(ByteBuffer.wrap(rtp), new InetSocketAddress(LOOPBACK, Integer.parseInt(port.group(1))));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!a.destination().equals(behindNat.getLocalAddress()) && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(a.destination()).isEqualTo(behindNat.getLocalAddress());
        assertThat(receive(behindNat)).hasSize(172);
    }

    @Test
    void offers_without_g711_get_no_announcement() {
        assertThat(announcer.answer("c4", offer(4000, "RTP/AVP", "96", "a=rtpmap:96 opus/48000/2\r\n")
                .getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
