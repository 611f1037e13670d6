package org.openintercom.agent.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's sipp (package sip-tester) with one of the scenarios in test resources {@code sipp/}. */
final class Sipp {

    /** How a sipp run ended: its exit code (0 = every call succeeded) and what it printed. */
    record Result(int exitCode, String output) {
    }

    private Sipp() {
    }

    /** Copies {@code sipp/NAME.xml} from the test resources into {@code dir}. */
    static Path scenario(Path dir, String name) throws IOException {
        Path file = dir.resolve(name + ".xml");
        try (InputStream in = Sipp.class.getResourceAsStream("/sipp/" + name + ".xml")) {
            if (in == null) {
                throw new IllegalArgumentException("no sipp scenario " + name);
            }
            Files.copy(in, file);
        }
        return file;
    }

    /** Starts sipp; {@code target} is host:port for a UAC scenario, null for a UAS one. */
    static Process start(Path dir, Path scenario, String target, int localPort, String service, int mediaPort)
            throws IOException {
        Path sipp = RealPeers.require("sipp", "sip-tester");
        List<String> cmd = new ArrayList<>(List.of(sipp.toString()));
        if (target != null) {
            cmd.add(target);
        }
        cmd.addAll(List.of("-sf", scenario.toString(), "-i", "127.0.0.1", "-p", String.valueOf(localPort),
                "-mp", String.valueOf(mediaPort), "-m", "1", "-nostdin", "-timeout", "20", "-timeout_error",
                "-trace_err", "-trace_msg"));
        if (service != null) {
            cmd.addAll(List.of("-s", service));
        }
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).start();
    }

    static Result await(Path dir, Process p) throws IOException, InterruptedException {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        StringBuilder out = new StringBuilder(Files.readString(dir.resolve("sipp.out")));
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith("_errors.log")
                    || f.getFileName().toString().endsWith("_messages.log")).toList()) {
                out.append("\n--- ").append(f.getFileName()).append(" ---\n").append(Files.readString(f));
            }
        }
        return new Result(p.exitValue(), out.toString());
    }
}
