package org.openintercom.cloud.calls.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnouncementsTest {

    @TempDir
    Path dir;

    @Test
    void the_built_in_messages_load_and_last_a_few_seconds() {
        Announcements library = Announcements.builtIn();
        for (String name : Announcements.BUILT_IN) {
            Clip clip = library.message(name).orElseThrow();
            assertThat(clip.duration().toMillis()).as(name).isBetween(1000L, 8000L);
        }
        assertThat(library.message("no-such-message")).isEmpty();
        assertThat(library.message(null)).isEmpty();
    }

    @Test
    void every_queue_position_is_said_with_its_own_words() {
        Announcements library = Announcements.builtIn();
        assertThat(library.queuePosition(1).name()).isEqualTo("queue-next");
        for (int position = 2; position <= Announcements.MAX_POSITION; position++) {
            Clip clip = library.queuePosition(position);
            assertThat(clip.duration().toMillis()).as("position " + position).isBetween(1500L, 6000L);
        }
        // 47 is "forty" + "seven": longer than "forty" alone
        assertThat(library.queuePosition(47).duration()).isGreaterThan(library.queuePosition(40).duration());
        assertThat(library.queuePosition(500).ulaw()).isEqualTo(library.queuePosition(100).ulaw());
        assertThatThrownBy(() -> library.queuePosition(0)).hasMessageContaining("queue position 0");
    }

    @Test
    void an_operators_directory_adds_and_replaces_messages() throws Exception {
        ToneFiles.write(dir.resolve("holiday.wav"), 500, 1200);
        ToneFiles.write(dir.resolve("closed.wav"), 700, 800);
        Announcements library = Announcements.withDirectory(dir);
        assertThat(library.message("holiday").orElseThrow().duration().toMillis()).isEqualTo(1200);
        assertThat(library.message("closed").orElseThrow().duration().toMillis()).isEqualTo(800);
        assertThat(library.names()).contains("holiday", "closed", "busy", "number-40");
    }

    @Test
    void unusable_files_fail_the_start_naming_the_file() throws Exception {
        Files.writeString(dir.resolve("broken.wav"), "not audio");
        assertThatThrownBy(() -> Announcements.withDirectory(dir)).hasMessageContaining("broken.wav")
                .hasMessageContaining("not a WAV file");

        Files.delete(dir.resolve("broken.wav"));
        ToneFiles.write(dir.resolve("Bad Name.wav"), 500, 100);
        assertThatThrownBy(() -> Announcements.withDirectory(dir)).hasMessageContaining("Bad Name.wav")
                .hasMessageContaining("name must match");

        Files.delete(dir.resolve("Bad Name.wav"));
        ToneFiles.write(dir.resolve("wideband.wav"), 500, 100, 16000f);
        assertThatThrownBy(() -> Announcements.withDirectory(dir)).hasMessageContaining("wideband")
                .hasMessageContaining("8 kHz mono");

        assertThatThrownBy(() -> Announcements.withDirectory(dir.resolve("missing")))
                .hasMessageContaining("does not exist");
    }
}
