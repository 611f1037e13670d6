package org.openintercom.agent.mesh;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Mesh tests with two cloud CAs made for the test class: ours, and another one whose stations we must refuse. */
abstract class TwoCas {

    @TempDir
    static Path dir;
    static TestPki ours;
    static TestPki theirs;

    @BeforeAll
    static void givenTwoCas() {
        ours = TestPki.create(dir.resolve("ours"));
        theirs = TestPki.create(dir.resolve("theirs"));
    }
}
