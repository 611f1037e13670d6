package org.openintercom.agent.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * A real, headless baresip (Debian's baresip-core) for interop tests: plays a sine tone (ausine) as its microphone,
 * records what it decodes (sndfile module), auto-answers or dials on command through ctrl_tcp, and reports its
 * call events. One instance per test; {@link #close()} stops it.
 */
public final class Baresip implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Process process;
    private final Socket control;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private int token;

    /** Settings of one baresip instance. */
    public record Options(int sipPort, int ctrlPort, String user, String audioCodecs, int toneHz,
            boolean autoAnswer, Optional<String> mediaEncryption, Optional<Path> certificatePem,
            Optional<Path> caFile, Optional<Registration> registration) {

        /** These options with an account that registers at {@code registration}. */
        public Options registeringAt(Registration registration) {
            return new Options(sipPort, ctrlPort, user, audioCodecs, toneHz, autoAnswer, mediaEncryption,
                    certificatePem, caFile, Optional.of(registration));
        }
    }

    /**
     * An account that registers with a registrar (digest credentials) instead of none.
     *
     * @param registrar where, {@code host:port;transport=udp}
     * @param password the digest password
     * @param intervalSeconds the registration interval
     */
    public record Registration(String registrar, String password, int intervalSeconds) {
    }

    private Baresip(Path dir, Process process, Socket control) {
        this.dir = dir;
        this.process = process;
        this.control = control;
        this.reader = new Thread(this::readEvents, "baresip-ctrl");
        reader.setDaemon(true);
        reader.start();
    }

    /** A port free on loopback for UDP and TCP whose successor is free too (baresip's TLS port). */
    public static int freePortPair() {
        return TestStations.freePort();
    }

    /** Writes a config dir under {@code workDir}, starts baresip and connects to its ctrl_tcp port. */
    public static Baresip start(Path workDir, Options o) throws IOException, InterruptedException {
        Path baresip = RealPeers.require("baresip", "baresip-core");
        Path dir = Files.createDirectories(workDir.resolve("baresip-" + o.user()));
        Path rec = Files.createDirectories(dir.resolve("rec"));
        List<String> config = new ArrayList<>(List.of(
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + o.sipPort(),
                "call_local_timeout 120",
                "call_max_calls 4",
                "audio_player aubridge,nil",
                "audio_source ausine," + o.toneHz(),
                "ausrc_srate 48000",
                "ausrc_channels 2",
                "auplay_srate 48000",
                "audio_alert aubridge,nil",
                "net_interface 127.0.0.1",
                "snd_path " + rec,
                "module_path /usr/lib/baresip/modules",
                "module g711.so", "module g722.so", "module opus.so",
                "module ausine.so", "module aubridge.so", "module sndfile.so", "module srtp.so",
                "module_app account.so", "module_app menu.so", "module_app ctrl_tcp.so",
                "ctrl_tcp_listen 127.0.0.1:" + o.ctrlPort()));
        if (o.registration().isPresent()) {
            config.add("module_app uuid.so"); // registration needs the instance id it makes
        }
        o.certificatePem().ifPresent(pem -> config.add("sip_certificate " + pem));
        o.caFile().ifPresent(ca -> config.add("sip_cafile " + ca));
        if (o.caFile().isPresent()) {
            config.add("sip_verify_server no");
        }
        Files.write(dir.resolve("config"), config);
        StringBuilder account = new StringBuilder(o.registration()
                .map(r -> "<sip:" + o.user() + "@" + r.registrar() + ">;auth_pass=" + r.password() + ";regint="
                        + r.intervalSeconds())
                .orElse("<sip:" + o.user() + "@127.0.0.1>;regint=0"));
        account.append(";answermode=").append(o.autoAnswer() ? "auto" : "manual");
        account.append(";audio_codecs=").append(o.audioCodecs());
        o.mediaEncryption().ifPresent(enc -> account.append(";mediaenc=").append(enc));
        Files.writeString(dir.resolve("accounts"), account + "\n");
        Process p = new ProcessBuilder(baresip.toString(), "-f", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("baresip.log").toFile()).start();
        Socket control = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (control == null) {
            try {
                control = new Socket();
                control.connect(new InetSocketAddress("127.0.0.1", o.ctrlPort()), 500);
            } catch (IOException notYet) {
                control = null;
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("baresip did not open ctrl_tcp on " + o.ctrlPort() + "; log:\n"
                            + Files.readString(dir.resolve("baresip.log")));
                }
                Thread.sleep(50);
            }
        }
        return new Baresip(dir, p, control);
    }

    /** Sends a ctrl_tcp command (e.g. {@code dial sip:x}, {@code sndcode 1234}, {@code hangup}). */
    public synchronized void command(String command, String params) {
        try {
            String body = JSON.createObjectNode().put("command", command).put("params", params)
                    .put("token", "t" + (++token)).toString();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = control.getOutputStream();
            out.write((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write(',');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("baresip ctrl_tcp: " + e.getMessage(), e);
        }
    }

    /** Waits for a call event of {@code type} (CALL_ESTABLISHED, CALL_CLOSED, CALL_INCOMING...). */
    public JsonNode awaitEvent(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("baresip reported no " + type + " within " + timeout.toMillis() + " ms; log:\n"
                        + log());
            }
            if (type.equals(e.path("type").asText())) {
                return e;
            }
        }
    }

    /** The audio baresip decoded from us (the newest {@code *-dec.wav} the sndfile module wrote), as 16-bit PCM. */
    public Recording decodedAudio() throws IOException {
        return newest("-dec.wav");
    }

    /** The baresip log so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("baresip.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** PCM samples and their rate. */
    public record Recording(short[] samples, int sampleRate) {
    }

    private Recording newest(String suffix) throws IOException {
        Path file;
        try (Stream<Path> files = Files.list(dir.resolve("rec"))) {
            file = files.filter(f -> f.getFileName().toString().endsWith(suffix)).max(Path::compareTo)
                    .orElseThrow(() -> new AssertionError("baresip wrote no " + suffix + " file; log:\n" + log()));
        }
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            byte[] bytes = in.readAllBytes();
            int channels = in.getFormat().getChannels();
            short[] samples = new short[bytes.length / 2 / channels];
            boolean big = in.getFormat().isBigEndian();
            for (int i = 0; i < samples.length; i++) {
                int at = i * 2 * channels;
                samples[i] = big ? (short) ((bytes[at] << 8) | (bytes[at + 1] & 0xff))
                        : (short) ((bytes[at + 1] << 8) | (bytes[at] & 0xff));
            }
            return new Recording(samples, (int) in.getFormat().getSampleRate());
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(file + " is not a WAV file baresip should write: " + e.getMessage(), e);
        }
    }

    private void readEvents() {
        try {
            InputStream in = control.getInputStream();
            while (true) {
                int length = 0;
                int c;
                while ((c = in.read()) != ':') {
                    if (c < 0) {
                        return;
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] body = in.readNBytes(length);
                in.read(); // the trailing ','
                events.add(JSON.readTree(body));
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() {
        try {
            control.close();
        } catch (IOException e) {
            // ignore
        }
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
