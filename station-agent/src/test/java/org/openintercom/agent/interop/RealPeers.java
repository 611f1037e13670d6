package org.openintercom.agent.interop;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real SIP peers from Debian the interop tests run against. On a developer machine without them the
 * tests are skipped with a message; in CI (CI=true) their absence fails the run, because .ci/run installs them.
 */
public final class RealPeers {

    private RealPeers() {
    }

    public static Path require(String command, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String message = command + " is not installed: apt-get install " + debianPackage;
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI must install it: see .ci/run)");
        }
        Assumptions.abort(message);
        return null;
    }
}
