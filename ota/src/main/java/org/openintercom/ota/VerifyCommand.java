package org.openintercom.ota;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.openintercom.provisioning.pki.Pem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code oi-ota verify}: verifies a bundle against a release root; exit 0 if valid, 1 with the reason if not. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verifies signature, signer and payload against a trusted release root.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The bundle.")
    Path file;

    @Option(names = "--trust", required = true, paramLabel = "ROOT.pem", description = "The release root certificate.")
    Path trust;

    private final Clock clock;

    VerifyCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        Verification v;
        try (CliSupport.Progress progress = CliSupport.progress("verifying", cl.getErr())) {
            v = BundleVerifier.verify(file, Pem.readCertificate(trust), clock.instant(), progress);
        }
        if (v instanceof Verification.Valid valid) {
            cl.getOut().printf("valid: %s version %s for %s, signed by %s%n", file, valid.manifest().version(),
                    String.join(",", valid.manifest().models()), valid.signer().getSubjectX500Principal().getName());
            cl.getOut().flush();
            return 0;
        }
        cl.getOut().println("refused: " + v);
        cl.getOut().flush();
        return 1;
    }
}
