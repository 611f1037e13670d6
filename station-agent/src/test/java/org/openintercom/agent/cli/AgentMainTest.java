package org.openintercom.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openintercom.agent.AgentMain;
import picocli.CommandLine;

class AgentMainTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new AgentMain()).execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void an_invalid_config_stops_the_start_with_the_key_named_and_exit_code_2() throws Exception {
        Path config = dir.resolve("station.yaml");
        Files.writeString(config, "station: {id: door, model: ID5}\nsip: {udp-port: 99999}\n");

        Run r = run("--config", config.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("sip.udp-port: '99999' is not a port");
    }

    @Test
    void check_validates_a_good_config_and_exits_0() throws Exception {
        Path config = dir.resolve("station.yaml");
        Files.writeString(config, "station: {id: door, model: ET 908H}\n");

        Run r = run("--config", config.toString(), "--check");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("valid (door, model ET 908H)");
    }
}
