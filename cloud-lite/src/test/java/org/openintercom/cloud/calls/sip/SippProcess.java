package org.openintercom.cloud.calls.sip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openintercom.agent.interop.RealPeers;

/** Debian's sipp (package sip-tester) running one of the scenarios in the test resources {@code sipp/}. */
final class SippProcess {

    /** How a run ended: exit code (0 = every call succeeded) and its output with the error and message logs. */
    record Result(int exitCode, String output) {
    }

    private final Path dir;
    private final Process process;

    private SippProcess(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts sipp in {@code dir} with scenario {@code name}; {@code target} is {@code host:port} (null for a UAS);
     * {@code args} are added (e.g. {@code -s callee -m 10 -r 5}).
     */
    static SippProcess start(Path dir, String name, String target, String localIp, int localPort, String... args)
            throws IOException {
        Path sipp = RealPeers.require("sipp", "sip-tester");
        Files.createDirectories(dir);
        Path scenario = dir.resolve(name + ".xml");
        try (InputStream in = SippProcess.class.getResourceAsStream("/sipp/" + name + ".xml")) {
            if (in == null) {
                throw new IllegalArgumentException("no sipp scenario " + name);
            }
            Files.copy(in, scenario, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = new ArrayList<>(List.of(sipp.toString()));
        if (target != null) {
            cmd.add(target);
        }
        cmd.addAll(List.of("-sf", scenario.toString(), "-i", localIp, "-p", String.valueOf(localPort), "-nostdin",
                "-timeout", "30", "-timeout_error", "-trace_err", "-max_socket", "100"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).start();
        return new SippProcess(dir, p);
    }

    Result await(long seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        StringBuilder out = new StringBuilder(Files.readString(dir.resolve("sipp.out")));
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith("_errors.log")).toList()) {
                out.append("\n--- ").append(f.getFileName()).append(" ---\n").append(Files.readString(f));
            }
        }
        return new Result(process.exitValue(), out.toString());
    }

    void kill() {
        process.destroyForcibly();
    }
}
