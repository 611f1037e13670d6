package org.openintercom.cloud.calls.announce;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The messages the relay can play, by name: the built-in English ones ({@link #BUILT_IN}: {@code closed},
 * {@code no-answer}, {@code unavailable}, {@code busy}, and the words of the queue position sentence), each
 * replaceable, and any others, by the WAV files of an operator's directory ({@code NAME.wav}, 8 kHz mono, PCM or
 * G.711). Replacing the queue words ({@code queue-you-are}, {@code queue-in-line}, {@code queue-next},
 * {@code number-1} … {@code number-19}, {@code number-20} … {@code number-90}, {@code number-100}) translates the
 * position announcement. Immutable; everything is decoded when the library is made, so a bad file fails the start,
 * never a call.
 */
public final class Announcements {

    /** Names a message may have (also the file name without {@code .wav}). */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** The built-in messages a ring group can name (the queue words are built in too). */
    public static final List<String> BUILT_IN = List.of("closed", "no-answer", "unavailable", "busy");
    /** The highest position the queue sentence can say (a ring group's queue holds at most 100 callers). */
    public static final int MAX_POSITION = 100;

    private static final String RESOURCES = "/announcements/";

    private final Map<String, Clip> clips;

    private Announcements(Map<String, Clip> clips) {
        this.clips = Map.copyOf(clips);
    }

    /** The built-in messages only (decoded once per JVM: the library is immutable). */
    public static Announcements builtIn() {
        return BuiltIn.LIBRARY;
    }

    private static final class BuiltIn {
        static final Announcements LIBRARY = new Announcements(loadBuiltIn());
    }

    /**
     * The built-in messages, with every {@code NAME.wav} of {@code directory} added or replacing the built-in one.
     *
     * @throws IllegalArgumentException naming the file when a file is not usable audio or has a bad name
     * @throws UncheckedIOException when the directory cannot be read
     */
    public static Announcements withDirectory(Path directory) {
        Map<String, Clip> clips = loadBuiltIn();
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("announcements directory " + directory + " does not exist");
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".wav")).sorted().toList()) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ".wav".length());
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("announcement file " + file + ": the name must match "
                            + NAME.pattern());
                }
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                    clips.put(name, decode(name, in, file.toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the announcements directory " + directory + ": "
                    + e.getMessage(), e);
        }
        return new Announcements(clips);
    }

    /** The message called {@code name}. */
    public Optional<Clip> message(String name) {
        return Optional.ofNullable(name == null ? null : clips.get(name));
    }

    /** Every name the library knows, sorted. */
    public Set<String> names() {
        return new TreeSet<>(clips.keySet());
    }

    /**
     * "You are number N in the queue. Please hold." ({@code queue-next} for position 1); positions above
     * {@link #MAX_POSITION} are said as {@link #MAX_POSITION}.
     */
    public Clip queuePosition(int position) {
        if (position < 1) {
            throw new IllegalArgumentException("queue position " + position + " must be 1 or more");
        }
        if (position == 1) {
            return clip("queue-next");
        }
        int n = Math.min(position, MAX_POSITION);
        Clip number = n < 20 || n % 10 == 0 ? clip("number-" + n)
                : Clip.join("number-" + n, clip("number-" + (n / 10 * 10)), clip("number-" + (n % 10)));
        return Clip.join("queue-position-" + n, clip("queue-you-are"), number, clip("queue-in-line"));
    }

    private Clip clip(String name) {
        Clip c = clips.get(name);
        if (c == null) {
            throw new IllegalStateException("announcement " + name + " is missing from the library");
        }
        return c;
    }

    private static Map<String, Clip> loadBuiltIn() {
        Map<String, Clip> clips = new HashMap<>();
        List<String> words = new java.util.ArrayList<>(BUILT_IN);
        words.addAll(List.of("queue-you-are", "queue-in-line", "queue-next", "number-100"));
        for (int i = 1; i < 20; i++) {
            words.add("number-" + i);
        }
        for (int i = 20; i < 100; i += 10) {
            words.add("number-" + i);
        }
        for (String name : words) {
            try (InputStream raw = Announcements.class.getResourceAsStream(RESOURCES + name + ".wav")) {
                if (raw == null) {
                    throw new IllegalStateException("built-in announcement " + name + " is missing from the jar");
                }
                clips.put(name, decode(name, new BufferedInputStream(raw), "built-in " + name + ".wav"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the built-in announcement " + name, e);
            }
        }
        return clips;
    }

    private static Clip decode(String name, InputStream in, String what) throws IOException {
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(in)) {
            return Clip.of(name, audio);
        } catch (UnsupportedAudioFileException e) {
            throw new IllegalArgumentException("announcement " + what + " is not a WAV file Java Sound can read: "
                    + e.getMessage(), e);
        }
    }
}
